"""Lambda Dojo: bootstrap of the Python runtimes (python3.9 to python3.14).

A Lambda Runtime API client, standard library only, that behaves like AWS's own
Python runtime interface client (awslambdaric): the same handler loading, context
object, JSON rules, error payloads and log lines. See ../README.md for what the
emulator hands it. Start it, in the working directory LAMBDA_TASK_ROOT, as

    python3 -u -B -X utf8 <this folder>/bootstrap.py

-u: output reaches the pipe as it is written, so none is lost when the environment is
frozen or killed. -B: no __pycache__ written into the task root (read-only on Lambda).
-X utf8: stdout is UTF-8 whatever the host's locale, as on Lambda.
"""

import importlib
import json
import logging
import os
import sys
import time
import traceback

# The C socket module, not socket.py: that one (and http.client far more so) imports
# modules that awslambdaric does not, which costs start-up time and would hide a
# learner's own module of the same name (email.py, http.py, random.py, ...).
import _socket

_API_PREFIX = b"/2018-06-01/runtime/"
_NBSP = "\u00a0"  # the runtime indents traceback lines in logs with no-break spaces

# awslambdaric leaves non-ASCII characters unescaped in its JSON only on these runtimes.
_ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV") not in {
    "AWS_Lambda_python3.12",
    "AWS_Lambda_python3.13",
    "AWS_Lambda_python3.14",
    "AWS_Lambda_python3.15",
}
_JSON_LOGS = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"

# What the log filter stamps on every record: the invocation in progress (or the last one).
_request_id = None
_tenant_id = None


class _Fault(Exception):
    """A failure the runtime itself reports, with a Runtime.* error type."""

    def __init__(self, error_type, message, trace=None):
        Exception.__init__(self, message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


# ---------------------------------------------------------------- Runtime API client


class _StaleConnection(ConnectionError):
    pass


class _RuntimeApi(object):
    """HTTP/1.1 to the Runtime API over one kept-alive TCP connection."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self._family = _socket.AF_INET
        if host.startswith("["):
            host, self._family = host[1:-1], _socket.AF_INET6
        self._address = (host or "127.0.0.1", int(port))
        self._host = address.encode("ascii")
        self._sock = None
        self._buffer = b""

    def close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = None
        self._buffer = b""

    def request(self, method, path, body=None, headers=b""):
        _flush_output()
        head = b"%s %s HTTP/1.1\r\nHost: %s\r\n%s" % (method, path, self._host, headers)
        if body is not None:
            head += b"Content-Length: %d\r\n" % len(body)
        head += b"\r\n"
        for attempt in (1, 2):
            fresh = self._sock is None
            if fresh:
                sock = _socket.socket(self._family, _socket.SOCK_STREAM)
                sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
                sock.connect(self._address)
                self._sock = sock
            try:
                try:
                    if body is None:
                        self._sock.sendall(head)
                    elif len(body) < 65536:
                        self._sock.sendall(head + body)
                    else:  # spare a copy of a large payload
                        self._sock.sendall(head)
                        self._sock.sendall(body)
                except OSError:
                    raise _StaleConnection("Runtime API connection lost while sending")
                return self._read_response()
            except _StaleConnection:
                # A kept-alive connection the server had closed: one retry on a new one.
                self.close()
                if fresh or attempt == 2:
                    raise

    def _recv(self):
        try:
            return self._sock.recv(262144)
        except ConnectionResetError:
            return b""

    def _read_response(self):
        data = self._buffer
        while True:
            end = data.find(b"\r\n\r\n")
            if end >= 0:
                break
            more = self._recv()
            if not more:
                if data:
                    raise ConnectionError("Runtime API closed the connection mid-response")
                raise _StaleConnection("Runtime API closed the connection")
            data += more
        lines = data[:end].decode("utf-8", "replace").split("\r\n")
        status = int(lines[0].split(None, 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        rest = data[end + 4 :]
        if status < 200 or status in (204, 304):
            body = b""
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body, rest = self._read_chunked(rest)
        elif "content-length" in headers:
            body, rest = self._read_exactly(int(headers["content-length"]), rest)
        else:  # no length given: the body runs to the end of the connection
            parts = [rest]
            while True:
                more = self._recv()
                if not more:
                    break
                parts.append(more)
            body, rest = b"".join(parts), b""
            headers["connection"] = "close"
        self._buffer = rest
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def _read_exactly(self, size, data):
        if len(data) >= size:
            return data[:size], data[size:]
        body = bytearray(size)
        have = len(data)
        body[:have] = data
        view = memoryview(body)
        while have < size:
            count = self._sock.recv_into(view[have:])
            if not count:
                raise ConnectionError("Runtime API closed the connection mid-response")
            have += count
        return bytes(body), b""

    def _read_line(self, data):
        while True:
            end = data.find(b"\r\n")
            if end >= 0:
                return data[:end], data[end + 2 :]
            more = self._recv()
            if not more:
                raise ConnectionError("Runtime API closed the connection mid-response")
            data += more

    def _read_chunked(self, data):
        parts = []
        while True:
            line, data = self._read_line(data)
            size = int(line.split(b";", 1)[0], 16)
            if size == 0:
                while True:  # trailers, up to the empty line
                    line, data = self._read_line(data)
                    if not line:
                        return b"".join(parts), data
            chunk, data = self._read_exactly(size, data)
            parts.append(chunk)
            _, data = self._read_line(data)

    def post(self, path, body, content_type=b"application/json", error_type=None):
        headers = b"Content-Type: " + content_type + b"\r\n"
        if error_type:
            headers += b"Lambda-Runtime-Function-Error-Type: %s\r\n" % _header_value(error_type)
        status, _, answer = self.request(b"POST", _API_PREFIX + path, body, headers)
        if not 200 <= status < 300:
            # awslambdaric gives up too: the runtime process ends here.
            raise RuntimeError(
                "Runtime API answered %d to POST %s: %s"
                % (status, path.decode("utf-8", "replace"), answer.decode("utf-8", "replace"))
            )


def _header_value(text):
    # A header is one line: keep an odd error type from breaking the request.
    return text.replace("\r", " ").replace("\n", " ").encode("utf-8")


def _flush_output():
    # Whatever the function printed must be in the pipe before the service hears from us:
    # it freezes the process on /next and may end it as soon as it has the result.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


# ---------------------------------------------------------------- JSON, as awslambdaric


class _Encoder(json.JSONEncoder):
    """json.JSONEncoder with the extras of the simplejson encoder the runtime uses."""

    def __init__(self):
        json.JSONEncoder.__init__(self, ensure_ascii=_ENSURE_ASCII, allow_nan=True)
        self.raw = []

    def default(self, o):
        decimal = sys.modules.get("decimal")
        if decimal is not None and isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            # A Decimal goes out as its exact digits: stand in a marker, replaced below.
            self.raw.append(str(o))
            return "\0%s%d\0" % (_MARK, len(self.raw) - 1)
        if isinstance(o, bytes):
            return o.decode("utf-8")
        as_dict = getattr(o, "_asdict", None)
        if callable(as_dict):
            d = as_dict()
            if not isinstance(d, dict):
                raise TypeError("_asdict() must return a dict, not %s" % type(d).__name__)
            return d
        return json.JSONEncoder.default(self, o)


_MARK = "dojo-decimal-%s-" % os.urandom(6).hex()


def _to_json(value):
    encoder = _Encoder()
    text = encoder.encode(value)
    if encoder.raw:
        import re

        raw = encoder.raw
        text = re.sub(
            r'"\\u0000%s(\d+)\\u0000"' % _MARK, lambda m: raw[int(m.group(1))], text
        )
    return text


# ---------------------------------------------------------------- handler loading


def _load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise _Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise _Fault(
                "Runtime.BuiltInModuleConflict",
                "Cannot use built-in module %s as a handler module" % module_name,
            )
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise _Fault(
            "Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e)
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise _Fault(
            "Runtime.UserCodeSyntaxError",
            "Syntax error in module '%s': %s" % (module_name, e),
            trace,
        )
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise _Fault(
            "Runtime.HandlerNotFound",
            "Handler '%s' missing on module '%s'" % (function_name, module_name),
        )


def _set_sys_path(task_root):
    # Python put this script's folder first; Lambda puts the task root there instead.
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != here or p == task_root]
    if not sys.path or sys.path[0] != task_root:
        sys.path.insert(0, task_root)
    try:
        import site

        site.addsitedir(task_root)  # as Lambda does: runs any .pth files in the package
    except Exception:
        pass


# ---------------------------------------------------------------- errors


def _make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _format_traceback(tb):
    # Plain tuples, as the runtime uses: no ^^^ markers under the code on 3.11+.
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    # Leave out this file's own frames at the top of the stack.
    for i, frame in enumerate(frames):
        if "/bootstrap.py" not in frame[0] and "\\bootstrap.py" not in frame[0]:
            frames = frames[i:]
            break
    return traceback.format_list(frames)


def _error_from_exception(request_id=None):
    error_type, value, tb = sys.exc_info()
    return _make_error(str(value), error_type.__name__, _format_traceback(tb), request_id)


def _write_event(text):
    # On Lambda the runtime hands each log record to the platform as one framed event.
    # Here the emulator reads stdout, so a record is one line: its own line breaks go out
    # as CR, which is how the runtime writes a multi-line error when it has only stdout.
    if text.endswith("\n"):
        text = text[:-1]
    sys.stdout.write(text.replace("\n", "\r") + "\n")


def _log_error(error):
    if _JSON_LOGS:
        record = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "log_level": "ERROR",
        }
        record.update(error)
        _write_event(_to_json(record))
        return
    line = "[ERROR]"
    if error["errorType"]:
        line += " " + error["errorType"]
    if error["errorMessage"]:
        if error["errorType"]:
            line += ":"
        line += " " + error["errorMessage"]
    lines = [line, "Traceback (most recent call last):"]
    for element in error["stackTrace"]:
        if element == "":
            lines.append("")
            continue
        for text in element.splitlines():
            stripped = text.lstrip(" ")
            lines.append(_NBSP * (len(text) - len(stripped)) + stripped)
    _write_event("\n".join(lines))


# Logged before an init error (awslambdaric logs a longer notice with the same opening).
_INIT_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The cause is most likely in the function's "
    "code; on Lambda a runtime update can also change behaviour, so compare the runtime "
    "version in the INIT_START line with that of the last good run.\r"
)


# ---------------------------------------------------------------- logging


class _LambdaLogHandler(logging.Handler):
    """Writes each record to stdout as one log event."""

    def emit(self, record):
        # No try/except here: like the runtime, a bad logging call raises in the caller.
        msg = self.format(record)
        _write_event(msg)


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        record.tenant_id = _tenant_id
        return True


# LogRecord attributes that the JSON format does not copy as extra fields.
_RESERVED = frozenset(
    "name msg args levelname levelno pathname filename module exc_info exc_text "
    "stack_info lineno funcName created msecs relativeCreated thread threadName "
    "processName process aws_request_id tenant_id _frame_type".split()
)


class _JsonFormatter(logging.Formatter):
    def __init__(self):
        logging.Formatter.__init__(self, datefmt="%Y-%m-%dT%H:%M:%SZ")

    def format(self, record):
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        exc = record.exc_info
        result = {
            "timestamp": self.formatTime(record, self.datefmt),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno)
            if exc
            else None,
        }
        if getattr(record, "tenant_id", None) is not None:
            result["tenantId"] = record.tenant_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key not in result:
                result[key] = value
        result = {k: v for k, v in result.items() if v is not None}
        return json.dumps(result, ensure_ascii=False) + "\n"


def _setup_logging():
    logging.Formatter.converter = time.gmtime  # for every formatter, as the runtime does
    handler = _LambdaLogHandler()
    if _JSON_LOGS:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    level = {None: "", "TRACE": "DEBUG"}.get(level, level).upper()
    root = logging.getLogger()
    if level in logging._nameToLevel:
        root.setLevel(level)
    handler.addFilter(_RequestIdFilter())
    root.addHandler(handler)


# ---------------------------------------------------------------- context object


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return _slots_repr(self)


class Client(object):
    __slots__ = [
        "installation_id",
        "app_title",
        "app_version_name",
        "app_version_code",
        "app_package_name",
    ]

    def __repr__(self):
        return _slots_repr(self)


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return _slots_repr(self)


def _slots_repr(obj):
    fields = ",".join("%s=%s" % (k, getattr(obj, k)) for k in obj.__slots__)
    return "%s([%s])" % (type(obj).__name__, fields)


def _from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for name in cls.__slots__:
        setattr(obj, name, values.get(name))
    return obj


class LambdaContext(object):
    def __init__(
        self,
        invoke_id,
        client_context,
        cognito_identity,
        epoch_deadline_time_in_ms,
        invoked_function_arn=None,
        tenant_id=None,
    ):
        env = os.environ
        self.aws_request_id = invoke_id
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")  # a string
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _from_dict(Client, self.client_context.client)
        self.identity = _from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get(
                "cognitoIdentityPoolId"
            )
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        remaining = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        _write_event(str(msg))

    def __repr__(self):
        names = (
            "aws_request_id log_group_name log_stream_name function_name memory_limit_in_mb "
            "function_version invoked_function_arn client_context identity tenant_id"
        ).split()
        fields = ",".join("%s=%s" % (k, getattr(self, k)) for k in names)
        return "%s([%s])" % (type(self).__name__, fields)


def _json_header(text, name):
    try:
        return json.loads(text)
    except Exception as e:
        raise _Fault(
            "Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (name, e)
        )


# ---------------------------------------------------------------- invoke loop


def _invoke(api, handler, request_id, headers, body):
    error = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito_identity = headers.get("lambda-runtime-cognito-identity")
        try:
            deadline = int(headers.get("lambda-runtime-deadline-ms") or 0)
        except ValueError:
            deadline = 0
        context = LambdaContext(
            request_id,
            _json_header(client_context, "Client Context") if client_context else None,
            _json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            deadline,
            headers.get("lambda-runtime-invoked-function-arn"),
            _tenant_id,
        )
        content_type = headers.get("content-type")
        if content_type is None or content_type == "application/json":
            try:
                event = json.loads(body)
            except Exception as e:
                raise _Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)
        else:  # the runtime hands over any other content type untouched
            event = body
        result = handler(event, context)
        if isinstance(result, bytes):
            payload, result_type = result, b"application/unknown"
        else:
            try:
                payload, result_type = _to_json(result), b"application/json"
            except Exception as e:
                raise _Fault("Runtime.MarshalError", "Unable to marshal response: %s" % e)
    except _Fault as fault:
        error = _make_error(fault.message, fault.error_type, fault.trace, request_id)
    except Exception:
        error = _error_from_exception(request_id)

    path = b"invocation/" + request_id.encode("utf-8")
    if error is None:
        if not isinstance(payload, bytes):
            payload = payload.encode("utf-8")
        api.post(path + b"/response", payload, result_type)
    else:
        _log_error(error)
        api.post(path + b"/error", _to_json(error).encode("utf-8"), error_type=error["errorType"])


def main():
    global _request_id, _tenant_id
    for stream in (sys.stdout, sys.stderr):
        if not getattr(stream, "write_through", True):
            # Started without -u: at least send every complete line at once (the runtime
            # flushes after every write), so a process killed mid-invocation loses nothing.
            try:
                stream.reconfigure(line_buffering=True)
            except Exception:
                pass
    api = _RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    _set_sys_path(os.path.abspath(os.environ.get("LAMBDA_TASK_ROOT") or "."))

    error = None
    try:
        _setup_logging()
        handler = _load_handler(os.environ.get("_HANDLER", ""))
    except _Fault as fault:
        error = _make_error(fault.message, fault.error_type, fault.trace)
    except Exception:
        error = _error_from_exception()
    if error is not None:
        logging.warning(_INIT_WARNING)
        _log_error(error)
        api.post(b"init/error", _to_json(error).encode("utf-8"), error_type=error["errorType"])
        sys.exit(1)

    next_path = _API_PREFIX + b"invocation/next"
    environ = os.environ
    while True:
        status, headers, body = api.request(b"GET", next_path)
        request_id = headers.get("lambda-runtime-aws-request-id")
        if status != 200 or not request_id:
            raise RuntimeError(
                "Runtime API answered %d to GET /next: %s"
                % (status, body.decode("utf-8", "replace"))
            )
        _request_id = request_id
        _tenant_id = headers.get("lambda-runtime-aws-tenant-id") or None
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            environ["_X_AMZN_TRACE_ID"] = trace_id
        elif "_X_AMZN_TRACE_ID" in environ:
            del environ["_X_AMZN_TRACE_ID"]
        _invoke(api, handler, request_id, headers, body)


if __name__ == "__main__":
    main()
