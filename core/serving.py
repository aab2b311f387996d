"""What a web process does once, after loading and before serving its first request."""

import gc

from django.urls import get_resolver


def prepare_to_serve() -> None:
    """Load the URLconf (and with it every view, form and template tag module), then move
    everything loaded so far out of the cyclic garbage collector's sight (`gc.freeze`).

    Its full collections otherwise rescan these long-lived objects: on the find page that put
    about one request in twenty 50 to 150 ms over the rest (bench/README.md, "Results page").
    Objects made while serving are collected as before."""
    get_resolver().url_patterns  # noqa: B018 (imported for its side effect: every view loaded)
    gc.collect()
    gc.freeze()
