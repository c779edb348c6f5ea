"""The entry point: parse, run one command, turn every failure into one line on stderr
and its exit code."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from types import FrameType
from typing import NoReturn, TextIO

from .._errors import AppwriteError
from ..sync import StoreError
from ._collector import bulk_pace
from ._context import Context
from ._failures import ExitCode, Failure, classify, scrub
from ._output import clean_lines
from ._parser import build_parser


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop now, keep what was committed."""


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    del signum, frame
    raise _Terminated


def _report(ctx: Context, error: BaseException, code: int, message: str) -> int:
    if getattr(ctx.args, "debug", False):
        text = "".join(traceback.format_exception(error))
        ctx.stderr.write(scrub("\n".join(clean_lines(text)), ctx.secrets) + "\n")
    ctx.warn(f"error: {message}")
    return code


def _flush(stream: TextIO) -> None:
    """Write what is buffered now, so a reader that went away is noticed here (141)."""
    stream.flush()


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    env: dict[str, str] | None = None,
) -> int:
    """Run one command; return its exit code (see EPILOG)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    ctx = Context(args, out, err, dict(os.environ if env is None else env))
    if args.debug:
        logging.basicConfig(level=logging.INFO, stream=err, format="%(name)s: %(message)s")
    else:
        # The client's own warnings speak Python (verify=False); the CLI says its own.
        logging.getLogger("appwrite_executions").addHandler(logging.NullHandler())
        logging.getLogger("appwrite_executions").propagate = False
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with bulk_pace():
            code = int(args.handler(ctx))
        _flush(out)
        return code
    except Failure as failure:
        return _report(ctx, failure, failure.code, failure.message)
    except AppwriteError as error:  # raised outside a guarded block
        known = classify(error, endpoint=args.endpoint or "", project=args.project or "")
        return _report(ctx, error, known.code, known.message)
    except StoreError as error:
        return _report(ctx, error, ExitCode.STORE, str(error))
    except _Terminated as error:
        del error
        ctx.warn(ctx.on_interrupt.replace("interrupted", "stopped by SIGTERM", 1))
        return ExitCode.TERMINATED
    except KeyboardInterrupt:
        ctx.warn(ctx.on_interrupt)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        return ExitCode.BROKEN_PIPE
    except Exception as error:
        return _report(
            ctx,
            error,
            ExitCode.FAILED,
            f"unexpected {type(error).__name__}: {error} (rerun with --debug for details)",
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
