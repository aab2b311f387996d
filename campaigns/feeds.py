"""The news as an Atom feed (RFC 4287), written by feedgen."""

from collections.abc import Callable, Iterable
from datetime import datetime, time

from feedgen.feed import FeedGenerator

from campaigns.models import NewsPost
from timetable.selectors import LONDON


def news_atom(
    posts: Iterable[NewsPost], *, title: str, author: str, feed_url: str, absolute: Callable
) -> bytes:
    """An Atom document of news posts. Entry ids are the posts' UUIDs, so they never change.

    `absolute` turns a path into a full URL (feeds must use absolute links).
    """
    posts = list(posts)
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.author(name=author)
    feed.link(href=feed_url, rel="self")
    feed.link(href=absolute("/campaigns/news/"), rel="alternate")
    feed.language("en-GB")
    feed.updated(_published_at(posts[0]) if posts else datetime(2000, 1, 1, tzinfo=LONDON))
    # feedgen writes entries in reverse order of adding: add oldest first, newest ends up on top.
    for post in reversed(posts):
        entry = feed.add_entry()
        entry.id(f"urn:uuid:{post.id}")
        entry.title(post.title)
        entry.summary(post.summary)
        entry.content(post.body, type="text")
        entry.link(href=absolute(post.get_absolute_url()), rel="alternate")
        entry.published(_published_at(post))
        entry.updated(_published_at(post))
    return feed.atom_str(pretty=True)


def _published_at(post: NewsPost) -> datetime:
    return datetime.combine(post.published_on, time(9), tzinfo=LONDON)
