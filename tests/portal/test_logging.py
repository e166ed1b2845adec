"""Production logs are JSON lines carrying the request id of the request (or task) they belong to."""
import copy
import io
import json
import logging
import logging.config

from django.conf import settings

from portal.request_id import request_id_set


def test_a_json_log_line_carries_the_request_id_and_chinese_as_written():
    config = copy.deepcopy(settings.LOGGING)
    stream = io.StringIO()
    config["handlers"] = {"test": {"class": "logging.StreamHandler", "stream": stream, "filters": ["request_id"],
                                   "formatter": "json"}}
    config["root"] = {"handlers": ["test"], "level": "INFO"}
    config["loggers"] = {}
    previous = logging.getLogger().handlers[:]
    try:
        logging.config.dictConfig(config)
        with request_id_set("req-0123456789"):
            logging.getLogger("portal.test").warning("证书 %s 已生成", "SDZN-XJ-2026-0001")
    finally:
        logging.config.dictConfig(settings.LOGGING)
        logging.getLogger().handlers[:] = previous
    line = json.loads(stream.getvalue().strip())
    assert line["message"] == "证书 SDZN-XJ-2026-0001 已生成" and line["request_id"] == "req-0123456789"
    assert line["level"] == "WARNING" and line["logger"] == "portal.test" and "time" in line
