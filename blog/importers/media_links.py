"""What to call a link that replaces an embedded player: "Watch on YouTube", "Listen to the recording".

The site loads nothing from another origin (no trackers, a strict CSP), so an imported video, audio file
or other embed becomes a plain link whose words say what the reader will get and where.
"""

from urllib.parse import urlsplit

# Host (without "www.") -> label, for the oEmbed providers WordPress embeds from a bare URL.
_PROVIDERS = {
    "youtube.com": "Watch on YouTube",
    "m.youtube.com": "Watch on YouTube",
    "youtu.be": "Watch on YouTube",
    "youtube-nocookie.com": "Watch on YouTube",
    "vimeo.com": "Watch on Vimeo",
    "player.vimeo.com": "Watch on Vimeo",
    "dailymotion.com": "Watch on Dailymotion",
    "ted.com": "Watch on TED",
    "wordpress.tv": "Watch on WordPress.tv",
    "tiktok.com": "Watch on TikTok",
    "soundcloud.com": "Listen on SoundCloud",
    "open.spotify.com": "Listen on Spotify",
    "mixcloud.com": "Listen on Mixcloud",
    "twitter.com": "View on X (Twitter)",
    "x.com": "View on X (Twitter)",
    "instagram.com": "View on Instagram",
    "facebook.com": "View on Facebook",
    "flickr.com": "View on Flickr",
    "slideshare.net": "View on SlideShare",
    "scribd.com": "View on Scribd",
    "issuu.com": "View on Issuu",
    "reddit.com": "View on Reddit",
    "tumblr.com": "View on Tumblr",
    "imgur.com": "View on Imgur",
    "speakerdeck.com": "View on Speaker Deck",
}
_AUDIO_SUFFIXES = (".mp3", ".m4a", ".ogg", ".oga", ".wav", ".wma", ".flac", ".aac")
_VIDEO_SUFFIXES = (".mp4", ".m4v", ".webm", ".ogv", ".mov", ".wmv", ".flv", ".avi")


def media_label(url: str, *, known_only: bool = False) -> str | None:
    """The label for a link to ``url``; None when ``known_only`` and it is no known provider or media file."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host in _PROVIDERS:
        return _PROVIDERS[host]
    path = parts.path.lower()
    if path.endswith(_AUDIO_SUFFIXES):
        return "Listen to the recording"
    if path.endswith(_VIDEO_SUFFIXES):
        return "Watch the video"
    if known_only:
        return None
    return f"View on {host}" if host else "View the media"
