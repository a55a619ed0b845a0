"""The project's ``{% picture %}``: Wagtail's markup, with its filters made once per compiled template."""

from django.template import engines

from wagtail.images.models import Filter

from tests.factories import ImageFactory

TAG = '{% picture image format-{avif,jpeg} fill-{160x120,320x240} alt="A knee" loading="lazy" %}'


def compiled(*libraries):
    return engines["django"].from_string("{% load " + " ".join(libraries) + " %}" + TAG)


def test_picture_renders_the_same_markup_as_wagtails(db):
    image = ImageFactory(file__width=1200, file__height=800)

    ours = compiled("wagtailimages_tags", "clinic_images").render({"image": image})
    wagtails = compiled("wagtailimages_tags").render({"image": image})

    assert ours == wagtails and "<picture>" in ours and "320w" in ours


def test_picture_makes_its_filters_once_however_often_it_renders(db, monkeypatch):
    images = [ImageFactory(), ImageFactory()]
    template = compiled("wagtailimages_tags", "clinic_images")
    made = []
    original_init = Filter.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    for image in images * 2:
        template.render({"image": image})

    assert len([made_filter for made_filter in made if made_filter.spec.startswith("format-")]) == 4
