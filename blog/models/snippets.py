"""Snippets: content shared by many articles and edited in one place."""

import phonenumbers
from phonenumber_field.modelfields import PhoneNumberField

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index


class CategoryQuerySet(models.QuerySet):
    def uncategorized(self):
        return self.get_or_create(slug=Category.UNCATEGORIZED_SLUG, defaults={"name": "Uncategorized"})[0]


class Category(index.Indexed, models.Model):
    UNCATEGORIZED_SLUG = "uncategorized"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Used in the archive's address. Made from the name if left blank.",
    )
    description = models.TextField(
        blank=True, help_text="Shown on the Topics page and at the top of the category's archive page."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown beside the category on the Topics page and at the top of its archive.",
    )
    image_alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for people who can't see it; leave empty if it is only decorative.",
    )
    featured_article = models.ForeignKey(
        "blog.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Opens the category's archive. Leave empty to feature its newest article.",
    )

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading="Image"),
        FieldPanel("featured_article"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        if not self.slug:
            raise ValidationError(
                {"name": "The name needs at least one letter or digit to make an address from."}
            )
        # The archive features only a live article of its own; one chosen outside it would never show.
        if self.featured_article_id and (
            self.pk is None or not self.featured_article.categories.filter(pk=self.pk).exists()
        ):
            raise ValidationError(
                {"featured_article": "Choose an article in this category (as published), or leave it empty."}
            )

    @property
    def is_uncategorized(self):
        return self.slug == self.UNCATEGORIZED_SLUG


class PhoneContact(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, models.Model):
    """A number patients can call. Articles show the live version, so one edit updates every page."""

    label = models.CharField(max_length=100, help_text="For staff, e.g. “Main clinic line”.")
    team_name = models.CharField(max_length=100, help_text="Who answers, e.g. “Twin Cities Pain Clinic”.")
    phone_number = PhoneNumberField(region=settings.PHONENUMBER_DEFAULT_REGION)
    call_to_action = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown after the number, e.g. “to talk to a member of our team.”",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="phone_contact")

    panels = [
        FieldPanel("label"),
        FieldPanel("team_name"),
        FieldPanel("phone_number"),
        FieldPanel("call_to_action"),
    ]
    search_fields = [
        index.SearchField("label"),
        index.SearchField("team_name"),
        index.AutocompleteField("label"),
        index.FilterField("phone_number"),
    ]

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return f"{self.label} ({self.display_number})"

    @property
    def revisions(self):
        return self._revisions

    @property
    def display_number(self):
        if not self.phone_number:
            return ""
        return phonenumbers.format_number(self.phone_number, phonenumbers.PhoneNumberFormat.NATIONAL)

    @property
    def tel_href(self):
        return f"tel:{self.phone_number.as_e164}" if self.phone_number else ""

    def get_preview_template(self, request, mode_name):
        return "blog/previews/phone_contact.html"


class PersonQuerySet(models.QuerySet):
    def on_team_page(self):
        return self.filter(show_on_team_page=True)

    def for_user(self, user):
        """The person linked to this staff account, created from the account's name on first need."""
        name = user.get_full_name() or user.get_username()
        return self.get_or_create(user=user, defaults={"name": name})[0]


class Person(index.Indexed, models.Model):
    """Someone who writes or clinically reviews articles; those shown on the team page have a page there."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="Used in the address of their team page. Made from the name if left blank.",
    )
    # Off by default: people created by imports or by a first approval have not agreed to a public page.
    show_on_team_page = models.BooleanField(
        default=False, help_text="Give this person a public page and list them on the team page."
    )
    credentials = models.CharField(max_length=80, blank=True, help_text="e.g. “MD”, “DPT”, “PA-C”.")
    role = models.CharField(max_length=120, blank=True, help_text="e.g. “Pain medicine physician”.")
    bio = models.TextField(blank=True, max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt_text = models.CharField(max_length=250, blank=True, help_text="Required when there is a photo.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The staff account of this person, if they have one.",
    )

    objects = PersonQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("show_on_team_page"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("photo_alt_text"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name_with_credentials

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
        super().save(*args, **kwargs)

    @property
    def name_with_credentials(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def free_slug(self):
        """A slug made from the name that no other person has: "maya-okafor", else "maya-okafor-2"…"""
        max_length = self._meta.get_field("slug").max_length
        base = slugify(self.name)[: max_length - 4] or "person"
        taken = set(
            Person.objects.exclude(pk=self.pk).filter(slug__startswith=base).values_list("slug", flat=True)
        )
        return next(
            candidate
            for candidate in (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
            if candidate not in taken
        )

    def clean(self):
        if not self.slug:
            self.slug = self.free_slug()
        if self.photo_id and not self.photo_alt_text.strip():
            raise ValidationError({"photo_alt_text": "Describe the photo for people who cannot see it."})
