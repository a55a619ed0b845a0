from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This listing's address for page ``number``, keeping the other query parameters (a search's ``q``).

    Page 1 carries no ``page`` parameter, so it has the same address as the listing itself.
    """
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    return f"?{query.urlencode()}" if query else request.path
