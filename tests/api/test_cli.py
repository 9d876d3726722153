"""``skillgraph serve``'s logging configuration."""

from __future__ import annotations

import logging
import logging.config

import pytest
from uvicorn.config import LOGGING_CONFIG

from api.cli import log_config

LOGGERS = ("api", "uvicorn", "uvicorn.error", "uvicorn.access")


def test_the_api_log_is_shown_at_info_beside_uvicorns(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    saved = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level,
                    logging.getLogger(name).propagate) for name in LOGGERS}
    try:
        logging.config.dictConfig(log_config())
        logging.getLogger("api").info("job-ad models built in 1.0 s")
        logging.getLogger("api").debug("not shown")
    finally:
        for name, (handlers, level, propagate) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
    err = capsys.readouterr().err
    assert "INFO" in err and "job-ad models built in 1.0 s" in err
    assert "not shown" not in err
    assert "api" not in LOGGING_CONFIG["loggers"]  # uvicorn's own default is left alone
