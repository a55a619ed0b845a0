"""Write synthetic WordPress (WXR 1.2) exports for tests that need volume rather than realism."""

from pathlib import Path

_HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Synthetic Clinic</title>
	<link>https://synthetic.example</link>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://synthetic.example</wp:base_site_url>
	<wp:base_blog_url>https://synthetic.example</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[editor]]></wp:author_login>\
<wp:author_email><![CDATA[editor@synthetic.example]]></wp:author_email>\
<wp:author_display_name><![CDATA[Synthetic Editor]]></wp:author_display_name></wp:author>
	<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[treatments]]></wp:category_nicename>\
<wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Treatments]]></wp:cat_name></wp:category>
"""

_FOOTER = """</channel>
</rss>
"""

# No digits: every number in a paragraph is a phone-number candidate, and that check would dominate.
_PARAGRAPH = (
    "This paragraph explains how chronic pain is assessed, treated &amp; followed up, with "
    "<strong>bold</strong> and <em>italic</em> words and a "
    '<a href="https://synthetic.example/contact/">link</a> so the converter does real work.'
)


def write_large_export(path: str | Path, posts: int = 5000, paragraphs: int = 8) -> Path:
    """Write an export of ``posts`` published posts, streaming to disk so the writer stays small too.

    Posts alternate between classic-editor and block-editor content; each has a list, an image, a phone
    number paragraph and a comment.
    """
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        out.write(_HEADER)
        for number in range(1, posts + 1):
            out.write(_item(number, paragraphs))
        out.write(_FOOTER)
    return path


def _content(number: int, paragraphs: int) -> str:
    texts = [_PARAGRAPH] * paragraphs
    image = (
        f'<img class="size-medium wp-image-{number}" alt="Figure {number}" width="300" height="200" '
        f'src="https://synthetic.example/wp-content/uploads/2020/01/figure-{number}-300x200.jpg" />'
    )
    items = "".join(f"<li>Point {index}</li>" for index in range(1, 6))
    phone = "Call 952-841-2345 to book a visit."
    if number % 2:
        return "\n\n".join([*texts, image, f"<ul>{items}</ul>", phone])
    blocks = [f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->" for text in texts]
    blocks.append(
        f"<!-- wp:image -->\n<figure>{image}<figcaption>Caption</figcaption></figure>\n<!-- /wp:image -->"
    )
    blocks.append(f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->")
    blocks.append(f"<!-- wp:paragraph -->\n<p>{phone}</p>\n<!-- /wp:paragraph -->")
    return "\n\n".join(blocks)


def _item(number: int, paragraphs: int) -> str:
    return f"""	<item>
		<title><![CDATA[Synthetic post {number}]]></title>
		<link>https://synthetic.example/2020/01/01/synthetic-post-{number}/</link>
		<dc:creator><![CDATA[editor]]></dc:creator>
		<guid isPermaLink="false">https://synthetic.example/?p={number}</guid>
		<description></description>
		<content:encoded><![CDATA[{_content(number, paragraphs)}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_date><![CDATA[2020-01-01 09:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2020-01-01 15:00:00]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[2020-01-02 09:00:00]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[2020-01-02 15:00:00]]></wp:post_modified_gmt>
		<wp:post_name><![CDATA[synthetic-post-{number}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<category domain="category" nicename="treatments"><![CDATA[Treatments]]></category>
		<category domain="post_tag" nicename="tag-{number % 50}"><![CDATA[tag {number % 50}]]></category>
		<wp:comment>
			<wp:comment_id>{number}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader]]></wp:comment_author>
			<wp:comment_content><![CDATA[Thanks for post {number}.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
		</wp:comment>
	</item>
"""
