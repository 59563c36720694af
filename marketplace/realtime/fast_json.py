"""The JSON codec of Socket.IO packets and of the Redis message queue: orjson behind the
standard library's dumps/loads, which is what python-socketio's `json` option takes.

Every bid is encoded once per watcher (each provider's view is its own) and once more for the
queue, so the encoder's speed counts on every bid, and orjson's is far ahead of the standard
library's."""
import orjson


def dumps(obj, **_json_options) -> str:
    # json's options (separators=...) ask for what orjson does anyway: compact output.
    # OPT_NON_STR_KEYS: integer keys become strings, as json.dumps makes them.
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()


loads = orjson.loads
