"""The name detector's child process: loads deduce once, then answers one JSON line per text.

Run as a script by NameDetector (names.py), not imported by the app: it needs only the
standard library and deduce, so the 1 GB process does not also load Flask. Protocol, one
ASCII JSON object per line: first {"ready": true, "seconds": ...}, then for each request
{"id": n, "text": "..."} the reply {"id": n, "annotations": [[tag, start, end], ...]} or
{"id": n, "error": "ExceptionName"}. The texts it scans are never printed or logged.

`python name_worker.py --build-cache` builds deduce's lookup cache and exits (make setup)."""
import json
import logging
import os
import signal
import sys
import time

# Our own finders cover these (patterns.py), more strictly than deduce does (its dates
# include future start dates, its phone numbers miss +31, its postcode would swallow the
# place after it). The redactor builds a redacted copy we do not use.
DISABLED = {"dates", "identifiers", "phone_numbers", "email_addresses", "urls", "postal_code", "redactor"}

# deduce's age pattern skips "de 92-jarige" ("de" is in its list of words that undo a
# match) and reports only the number; we want the whole "87 jaar" and no "5-jarige indicatie".
AGE_CONFIG = {"annotators": {"age": {"args": {
    "capturing_group": 0,
    "pre_pseudo": ["<", "al", "co", "controle", "elke", "gedurende", "na", "nog", "ongeveer", "over",
                   "policontrole", "sinds", "up", "vanaf", "binnen", "ruim", "bijna", "circa", "ca",
                   "afgelopen", "laatste", "komende", "eerste", "per", "voor", "dan"],
    "post_pseudo": ["aanwezig", "gebruikt", "geleden", "gerookt", "gestaakt", "gestopt", "getrouwd", "na",
                    "naar", "nadien", "later", "lang", "indicatie", "beschikking", "periode",
                    "looptijd", "contract", "termijn", "traject", "huurcontract", "garantie", "verblijf",
                    "ondersteuning", "begeleiding"],
}}}}


def load():
    # Handlers first: deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) on
    # import, which does nothing once the root logger has a handler.
    logging.basicConfig(level=logging.WARNING, format="name detector: %(levelname)s %(name)s: %(message)s")
    started = time.monotonic()
    from deduce import Deduce
    from deduce.deduce import _LOOKUP_LIST_PATH
    if not (_LOOKUP_LIST_PATH / "cache" / "lookup_structs.pickle").exists():
        logging.getLogger(__name__).warning("building deduce's lookup cache, this takes minutes (make setup does it once)")
    return Deduce(config=AGE_CONFIG), time.monotonic() - started


def serve(deduce, seconds: float, requests, replies) -> None:
    def send(message: dict) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    send({"ready": True, "seconds": round(seconds, 2)})
    for line in requests:
        request_id = None
        try:
            request = json.loads(line)
            request_id = request["id"]
            doc = deduce.deidentify(request["text"], disabled=DISABLED)
            # int(): some of deduce's offsets are numpy integers, which json cannot write.
            annotations = sorted([str(a.tag), int(a.start_char), int(a.end_char)] for a in doc.annotations)
            send({"id": request_id, "annotations": annotations})
        except Exception as exc:  # noqa: BLE001 - the name only: a message or traceback could quote the text
            send({"id": request_id, "error": type(exc).__name__})


def main(argv: list[str]) -> None:
    if "--build-cache" in argv:
        _, seconds = load()
        print(f"deduce ready in {seconds:.1f} s", file=sys.stderr)
        return
    # The parent reads our real stdout; anything else that prints (a library, a stray
    # print) goes nowhere instead of corrupting the protocol or leaking a text.
    replies = os.fdopen(os.dup(1), "w", encoding="ascii")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # sys.stdout writes to fd 1: to /dev/null from here on
    os.close(devnull)
    # Ctrl-C in a terminal reaches the whole process group: the web process decides when
    # we stop, by closing our stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    deduce, seconds = load()
    with open(sys.stdin.fileno(), encoding="ascii", closefd=False) as requests, replies:
        serve(deduce, seconds, requests, replies)


if __name__ == "__main__":
    main(sys.argv[1:])
