"""One JSON object per log line, for gunicorn's access and error logs and Django's own
(LOG_FORMAT=json, the production default). Imported by gunicorn before Django starts, so
it imports nothing from Django."""

import json
import logging
import time

# gunicorn's access log atoms (record.args) and the names they are logged under.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "H": "protocol",
    "s": "status",
    "B": "bytes",
    "f": "referer",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            entry.update({name: atoms.get(atom) for atom, name in ACCESS_FIELDS.items()})
            entry["status"] = _number(entry["status"])
            entry["bytes"] = _number(entry["bytes"])
            entry["duration_ms"] = round((_number(atoms.get("D")) or 0) / 1000, 1)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
