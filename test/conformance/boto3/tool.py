#!/usr/bin/env python3
"""boto3 and AWS CLI v1 side of the conformance suite (driven by test/conformance/boto3/python.ts).

  tool.py record boto3|cli <service> <jobs.json> <out.json>
      serializes each job's input with a boto3 client, or with the AWS CLI's own driver
      (awscli.clidriver, the code the `aws` script runs, in this process), and captures the
      request at botocore's 'before-send' event: nothing is sent
  tool.py model <service>
      prints botocore's structure shapes: name -> member names
  tool.py serve <service>
      reads one JSON line per answer the emulator gave and prints, per line, what the boto3
      client makes of it (the answer is handed to the client at 'before-send' in place of
      sending): its output, or its error code, message and members
"""
import base64
import contextlib
import datetime
import hashlib
import io
import json
import math
import os
import re
import sys
import tempfile
import zlib
from urllib.parse import urlsplit

# no user configuration, no metadata lookups, fixed credentials: set before botocore loads
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
        "AWS_PAGER": "",
    }
)
for k in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE"):
    os.environ.pop(k, None)

import boto3  # noqa: E402
import botocore  # noqa: E402
import botocore.auth  # noqa: E402
import botocore.awsrequest  # noqa: E402
import botocore.exceptions  # noqa: E402
import botocore.session  # noqa: E402
import botocore.utils  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.eventstream import EventStream  # noqa: E402
from botocore.response import StreamingBody  # noqa: E402

ENDPOINT = "http://127.0.0.1:4566"
UTC = datetime.timezone.utc
# the instant every recording is made at (run.ts RECORDING_TIME)
RECORDING_TIME = datetime.datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)
UNRECORDED_SIGNATURE = "0" * 64
VOLATILE_HEADERS = {"user-agent", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"}
BOTOCORE_NAMES = {"dynamodb-streams": "dynamodbstreams"}
CLI_COMMANDS = {"s3": "s3api"}


def frozen_now(remove_tzinfo=True):
    return RECORDING_TIME.replace(tzinfo=None) if remove_tzinfo else RECORDING_TIME


# SigV4 reads the clock through this function (botocore.auth imported it by name): a fixed
# instant makes x-amz-date and the credential scope the same on every recording
botocore.utils.get_current_datetime = frozen_now
botocore.auth.get_current_datetime = frozen_now


# ------------------------------------------------------------------------------------------
# tagged JSON (recording.ts toJson/fromJson) <-> python values


def iso(dt):
    dt = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def from_tagged(v):
    if isinstance(v, list):
        return [from_tagged(x) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            (k, x), = v.items()
            if isinstance(x, str):
                if k == "$bytes":
                    return base64.b64decode(x)
                if k == "$date":
                    return datetime.datetime.fromisoformat(x.replace("Z", "+00:00"))
                if k == "$bigint":
                    return int(x)
                if k == "$number":
                    return float(x)
        return {k: from_tagged(x) for k, x in v.items()}
    return v


def to_tagged(v):
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, datetime.datetime):
        return {"$date": iso(v)}
    if isinstance(v, float) and not math.isfinite(v):
        return {"$number": "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")}
    if isinstance(v, StreamingBody):
        return to_tagged(v.read())
    if isinstance(v, list):
        return [to_tagged(x) for x in v]
    if isinstance(v, dict):
        return {k: to_tagged(x) for k, x in v.items()}
    return v


# ------------------------------------------------------------------------------------------
# the input as botocore's model knows it


def prune(shape, value, path, dropped):
    """`value` without the members botocore's shape lacks (recursively); their paths go to `dropped`."""
    if shape is None or value is None:
        return value
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        out = {}
        for k, x in value.items():
            if k not in shape.members:
                dropped.append(f"{path}.{k}" if path else k)
                continue
            out[k] = prune(shape.members[k], x, f"{path}.{k}" if path else k, dropped)
        return out
    if t == "list" and isinstance(value, list):
        return [prune(shape.member, x, f"{path}[{i}]", dropped) for i, x in enumerate(value)]
    if t == "map" and isinstance(value, dict):
        return {k: prune(shape.value, x, f"{path}.{k}", dropped) for k, x in value.items()}
    return value


def make_client(service):
    session = boto3.session.Session(region_name="us-east-1")
    return session.client(
        BOTOCORE_NAMES.get(service, service),
        endpoint_url=ENDPOINT,
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"total_max_attempts": 1}, s3={"addressing_style": "path"}),
    )


# ------------------------------------------------------------------------------------------
# capturing the request


class Captured(Exception):
    """Raised at 'before-send': the request goes no further (and is not retried: one attempt)."""

    def __init__(self, request):
        super().__init__("captured before sending")
        self.request = request


def capture(request, **_):
    raise Captured(request)


def is_text(b):
    try:
        s = b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\0" not in s and not re.search("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", s)


def body_bytes(body):
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    raise TypeError(f"a request body of a kind the recorder cannot read: {type(body)}")


def recorded(req):
    """The request as recording.ts stores it: lower-case sorted headers but the volatile ones, no signature."""
    u = urlsplit(req.url)
    headers = {}
    for k, v in req.headers.items():
        name = k.lower()
        if name in VOLATILE_HEADERS:
            continue
        v = v.decode("utf-8") if isinstance(v, bytes) else str(v)
        if name == "authorization":
            v = re.sub(r"Signature=[0-9a-f]{64}", f"Signature={UNRECORDED_SIGNATURE}", v)
        headers[name] = v
    # http.client writes Host from the URL: on the wire it is there
    headers.setdefault("host", u.netloc)
    out = {"method": req.method, "path": (u.path or "/") + (f"?{u.query}" if u.query else ""), "headers": dict(sorted(headers.items()))}
    body = body_bytes(req.body)
    if body:
        if is_text(body):
            out["body"] = body.decode("utf-8")
        else:
            out["bodyBase64"] = base64.b64encode(body).decode()
    return out


# ------------------------------------------------------------------------------------------
# recording with boto3


def record_boto3(service, jobs):
    client = make_client(service)
    client.meta.events.register("before-send", capture)
    model = client.meta.service_model
    results = []
    for job in jobs:
        op = model.operation_model(job["operation"]) if job["operation"] in model.operation_names else None
        if op is None:
            results.append({**key(job), "refused": f"botocore {botocore.__version__} has no operation {job['operation']}"})
            continue
        dropped = []
        params = prune(op.input_shape, from_tagged(job["input"]), "", dropped) if op.input_shape else {}
        try:
            request = boto3_request(client, op, params)
            adjusted = fix_digests(service, op, params, request)
            if adjusted:
                request = boto3_request(client, op, params)
            results.append({**key(job), "input": to_tagged(params), "dropped": dropped, "adjusted": adjusted, "request": request})
        except Exception as e:  # noqa: BLE001 - every refusal is recorded with its reason
            results.append({**key(job), "refused": f"{type(e).__name__}: {e}".strip()})
    return results


def boto3_request(client, op, params):
    try:
        getattr(client, botocore.xform_name(op.name))(**params)
    except Captured as c:
        return recorded(c.request)
    raise RuntimeError("the client sent nothing (no 'before-send')")


def key(job):
    return {"operation": job["operation"], "case": job["case"]}


# ------------------------------------------------------------------------------------------
# recording with the AWS CLI v1


class NotExpressible(Exception):
    pass


def cli_json(v, path):
    """A value as --cli-input-json carries it: CLI v1 takes a blob in JSON as text (UTF-8), a timestamp as ISO text."""
    if isinstance(v, (bytes, bytearray)):
        try:
            return bytes(v).decode("utf-8")
        except UnicodeDecodeError:
            raise NotExpressible(f"{path} is a blob that is not UTF-8: CLI v1 passes a blob inside --cli-input-json on as text")
    if isinstance(v, datetime.datetime):
        return iso(v)
    if isinstance(v, list):
        return [cli_json(x, f"{path}[{i}]") for i, x in enumerate(v)]
    if isinstance(v, dict):
        return {k: cli_json(x, f"{path}.{k}" if path else k) for k, x in v.items()}
    return v


def cli_options(params):
    """Members as CLI options: strings and numbers as text, booleans as --x / --no-x, the rest as JSON."""
    out = []
    for k, v in params.items():
        name = f"--{botocore.xform_name(k, '-')}"
        if isinstance(v, bool):
            out.append(name if v else f"--no-{name[2:]}")
        elif isinstance(v, (str, int, float)):
            out.append(f"{name}={v}")
        elif isinstance(v, datetime.datetime):
            out.append(f"{name}={iso(v)}")
        else:
            out.append(f"{name}={json.dumps(cli_json(v, k))}")
    return out


def record_cli(service, jobs):
    model = botocore.session.get_session().get_service_model(BOTOCORE_NAMES.get(service, service))
    command = CLI_COMMANDS.get(service, BOTOCORE_NAMES.get(service, service))
    tmp = tempfile.mkdtemp(prefix="cli-record-")
    config = os.path.join(tmp, "config")
    with open(config, "w") as f:
        # path-style S3 addressing, as the boto3 recordings; one attempt
        f.write("[default]\nregion = us-east-1\nmax_attempts = 1\ns3 =\n  addressing_style = path\n")
    os.environ["AWS_CONFIG_FILE"] = config
    results = []
    try:
        for job in jobs:
            if job["operation"] not in model.operation_names:
                results.append({**key(job), "refused": f"botocore {botocore.__version__} has no operation {job['operation']}"})
                continue
            op = model.operation_model(job["operation"])
            dropped = []
            params = prune(op.input_shape, from_tagged(job["input"]), "", dropped) if op.input_shape else {}
            results.append({**key(job), **cli_case(service, command, op, params, dropped, tmp)})
    finally:
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)
    return results


def cli_case(service, command, op, params, dropped, tmp, done=()):
    done = list(done)
    args = [command, botocore.xform_name(op.name, "-")]
    json_params = dict(params)
    files = []
    # a top-level blob goes as a file: --body <path> for a streaming one (the CLI opens it),
    # fileb://<path> for any other (its bytes, unchanged)
    for name, member in (op.input_shape.members.items() if op.input_shape else []):
        if member.type_name != "blob" or name not in json_params:
            continue
        path = os.path.join(tmp, f"blob-{len(files)}")
        with open(path, "wb") as f:
            f.write(json_params.pop(name))
        files.append(path)
        streaming = member.serialization.get("streaming", False)
        args += [f"--{botocore.xform_name(name, '-')}", path if streaming else f"fileb://{path}"]
    try:
        args += ["--cli-input-json", json.dumps(cli_json(json_params, ""))]
    except NotExpressible as e:
        return {"refused": str(e)}
    args += ["--endpoint-url", ENDPOINT, "--no-paginate", "--output", "json"]
    outcome = run_cli(args)
    for _ in range(3):
        refused = outcome.get("refused", "")
        missing = re.search(r"the following arguments are required: (.*)$", refused)
        names = [n.strip() for n in missing.group(1).split(",")] if missing else []
        if "--cli-input-json" in args and ("Unknown options: --cli-input-json" in refused or any(n.startswith("--") for n in names)):
            # the commands with an outfile (streaming output, Lambda's Invoke) take no
            # --cli-input-json in CLI v1 (and still ask for its required options): every
            # member as its own option instead
            at = args.index("--cli-input-json")
            try:
                args[at : at + 2] = cli_options(json_params)
            except NotExpressible as e:
                return {"refused": str(e)}
        elif "outfile" in names:
            # an output the CLI writes to a file (a streaming payload, Lambda's Invoke)
            args.append(os.path.join(tmp, "outfile"))
        else:
            break
        outcome = run_cli(args)
    if "request" not in outcome:
        return outcome
    adjusted = fix_digests(service, op, params, outcome["request"])
    if adjusted:
        return cli_case(service, command, op, params, dropped, tmp, adjusted)
    return {"input": to_tagged(params), "dropped": dropped, "adjusted": done, "request": outcome["request"]}


def run_cli(args):
    from awscli.clidriver import create_clidriver

    sys.argv[0] = "aws"  # argparse names the program by it in messages
    driver = create_clidriver()
    seen = []

    def stop(request, **_):
        seen.append(request)
        raise Captured(request)

    driver.session.register("before-send", stop)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            rc = driver.main(args)
        except SystemExit as e:  # argparse errors exit
            rc = e.code
    if seen:
        return {"request": recorded(seen[0])}
    # argparse prints its usage first: the words after "error:" say why
    text = " ".join(err.getvalue().split())
    at = text.rfind("error:")
    why = text[at:] if at >= 0 else text[-300:]
    return {"refused": f"the CLI sent nothing (exit {rc}): {why[:300]}"}


# ------------------------------------------------------------------------------------------
# S3: digests of the body botocore serializes


def _crc_table(poly, bits):
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c & ((1 << bits) - 1))
    return table


_CRC32C = _crc_table(0x82F63B78, 32)
_CRC64NVME = _crc_table(0x9A6C9329AC4BC9B5, 64)


def _crc(table, bits, data):
    mask = (1 << bits) - 1
    c = mask
    for b in data:
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return (c ^ mask).to_bytes(bits // 8, "big")


DIGESTS = {
    "content-md5": lambda d: hashlib.md5(d).digest(),
    "x-amz-checksum-sha1": lambda d: hashlib.sha1(d).digest(),
    "x-amz-checksum-sha256": lambda d: hashlib.sha256(d).digest(),
    "x-amz-checksum-crc32": lambda d: (zlib.crc32(d) & 0xFFFFFFFF).to_bytes(4, "big"),
    "x-amz-checksum-crc32c": lambda d: _crc(_CRC32C, 32, d),
    "x-amz-checksum-crc64nvme": lambda d: _crc(_CRC64NVME, 64, d),
}


def digest(header, data):
    return base64.b64encode(DIGESTS[header](data)).decode()


def fix_digests(service, op, params, request):
    """S3: the input's Content-MD5 and x-amz-checksum-* members made the digests of the body
    botocore serializes (the JS recordings' are of the JS SDK's body, whose XML is written
    differently); the names of the members changed. CompleteMultipartUpload's checksums are
    of the whole object, not of its body: left as they are."""
    if service != "s3" or op.name == "CompleteMultipartUpload" or op.input_shape is None:
        return []
    body = base64.b64decode(request["bodyBase64"]) if "bodyBase64" in request else request.get("body", "").encode("utf-8")
    changed = []
    for name, m in op.input_shape.members.items():
        header = m.serialization.get("name", "").lower() if m.serialization.get("location") == "header" else ""
        if header in DIGESTS and name in params and params[name] != digest(header, body):
            params[name] = digest(header, body)
            changed.append(name)
    return changed


# ------------------------------------------------------------------------------------------
# answers parsed by the boto3 client


class FakeRaw:
    """What botocore reads an answer's body from (urllib3's response, as far as it is used)."""

    def __init__(self, data):
        self._b = io.BytesIO(data)

    def stream(self, amt=1024, decode_content=None):
        while True:
            c = self._b.read(amt)
            if not c:
                return
            yield c

    def read(self, amt=None, decode_content=None):
        return self._b.read() if amt is None else self._b.read(amt)

    def close(self):
        pass

    def release_conn(self):
        pass


def plain(v):
    """A parsed output as tagged JSON, streams read: event streams become their list of events."""
    if isinstance(v, EventStream):
        events = []
        try:
            for e in v:
                events.append(plain(e))
        except botocore.exceptions.EventStreamError as e:
            return {"$events": events, "$error": error_of(e)}
        return {"$events": events}
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items() if k != "ResponseMetadata"}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return to_tagged(v)


def error_of(e):
    r = e.response
    err = r.get("Error", {})
    members = {k: plain(x) for k, x in r.items() if k not in ("Error", "ResponseMetadata")}
    return {"code": err.get("Code"), "message": err.get("Message"), "members": members, "status": r.get("ResponseMetadata", {}).get("HTTPStatusCode")}


def serve(service):
    client = make_client(service)
    current = {}

    def answer(request, **_):
        a = current["answer"]
        headers = botocore.awsrequest.HeadersDict(a["headers"])
        return botocore.awsrequest.AWSResponse(request.url, a["status"], headers, FakeRaw(base64.b64decode(a["bodyBase64"])))

    client.meta.events.register("before-send", answer)
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        current["answer"] = job
        try:
            out = getattr(client, botocore.xform_name(job["operation"]))(**from_tagged(job["input"]))
            result = {"output": plain(out)}
        except botocore.exceptions.ClientError as e:
            result = {"error": error_of(e)}
        except Exception as e:  # noqa: BLE001 - reported as the case's failure
            result = {"exception": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def shapes(service):
    model = botocore.session.get_session().get_service_model(BOTOCORE_NAMES.get(service, service))
    out = {}
    for name in model.shape_names:
        s = model.shape_for(name)
        if s.type_name == "structure":
            out[name] = list(s.members)
    ops = {}
    for name in model.operation_names:
        o = model.operation_model(name)
        ops[name] = {"input": o.input_shape.name if o.input_shape else None, "output": o.output_shape.name if o.output_shape else None}
    import awscli

    versions = {"boto3": boto3.__version__, "botocore": botocore.__version__, "awscli": awscli.__version__}
    return {"versions": versions, "protocol": model.protocol, "shapes": out, "operations": ops}


def main():
    cmd = sys.argv[1]
    if cmd == "record":
        kind, service, jobs_file, out_file = sys.argv[2:6]
        with open(jobs_file) as f:
            jobs = json.load(f)
        results = record_boto3(service, jobs) if kind == "boto3" else record_cli(service, jobs)
        with open(out_file, "w") as f:
            json.dump(results, f)
    elif cmd == "model":
        print(json.dumps(shapes(sys.argv[2])))
    elif cmd == "serve":
        serve(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
