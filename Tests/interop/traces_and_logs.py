"""Traces and logs through the OpenTelemetry Python SDK, a Loki push, and the requests Grafana's
Jaeger, Tempo and Loki data sources make.

  traces_and_logs.py send URL KEY     1,000 traces across frontend -> mime-server -> storage
                                      (every 20th with an error), one JSON log line inside each
                                      mime-server span, and 10 lines pushed as Loki protobuf
                                      (snappy); prints what was sent as JSON.
  traces_and_logs.py grafana URL KEY TRACE_ID
                                      replays Grafana's data sources' requests and checks the
                                      shapes they parse; Tempo's protobuf with opentelemetry-proto.
"""
import json
import logging
import sys
import time
import urllib.parse
import urllib.request

mode, url, key = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
headers = {"Authorization": "Bearer " + key}


def get(path, accept=None):
    request = urllib.request.Request(url + path, headers=dict(headers, **({"Accept": accept} if accept else {})))
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def get_json(path):
    status, body = get(path)
    assert status == 200, (path, status)
    return json.loads(body)


def snappy(data):
    """Snappy's block format as Promtail sends it (cramjam's raw snappy, back-references and all)."""
    import cramjam
    return bytes(cramjam.snappy.compress_raw(data))


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def send():
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
    from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.trace import SpanKind, Status, StatusCode

    providers = {}
    for service in ("frontend", "mime-server", "storage"):
        provider = TracerProvider(resource=Resource.create({"service.name": service}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url + "/v1/traces", headers=headers), max_export_batch_size=256))
        providers[service] = provider
    tracers = {name: provider.get_tracer("sextant-interop") for name, provider in providers.items()}
    log_provider = LoggerProvider(resource=Resource.create({"service.name": "mime-server"}))
    log_provider.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter(endpoint=url + "/v1/logs", headers=headers)))
    logger = logging.getLogger("mime-server")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(LoggingHandler(level=logging.INFO, logger_provider=log_provider))

    sent = {"traces": [], "logs": []}
    for index in range(1000):
        failed = index % 20 == 0
        with tracers["frontend"].start_as_current_span("GET /checkout", kind=SpanKind.SERVER) as root:
            root.set_attribute("http.request.method", "GET")
            with tracers["frontend"].start_as_current_span("POST /convert", kind=SpanKind.CLIENT):
                with tracers["mime-server"].start_as_current_span("POST /convert", kind=SpanKind.SERVER) as server:
                    server.set_attribute("order", index)
                    line = json.dumps({"status": "error" if failed else "ok", "order": index}, sort_keys=True)
                    if failed:
                        logger.error(line)
                        server.set_status(Status(StatusCode.ERROR, "conversion failed"))
                    else:
                        logger.info(line)
                    with tracers["mime-server"].start_as_current_span("GET /blob", kind=SpanKind.CLIENT):
                        with tracers["storage"].start_as_current_span("GET /blob", kind=SpanKind.SERVER):
                            pass
            trace_id = format(root.get_span_context().trace_id, "032x")
        sent["traces"].append({"id": trace_id, "error": failed})
        sent["logs"].append({"trace": trace_id, "status": "error" if failed else "ok", "order": index})
    for provider in providers.values():
        provider.shutdown()
    log_provider.shutdown()

    # Ten lines as Promtail pushes them: logproto.PushRequest, snappy-compressed (the lines repeat,
    # so the compressed body is mostly back-references).
    now = time.time_ns()
    entries = b"".join(
        field(2, field(1, varint(1 << 3) + varint((now + i) // 1_000_000_000) + varint(2 << 3) + varint((now + i) % 1_000_000_000))
              + field(2, ("level=info msg=pushed n=%d" % i).encode()))
        for i in range(10)
    )
    body = field(1, field(1, b'{job="promtail", service="shipper"}') + entries)
    request = urllib.request.Request(url + "/loki/api/v1/push", data=snappy(body), method="POST",
                                     headers=dict(headers, **{"Content-Type": "application/x-protobuf"}))
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204, response.status
    print(json.dumps(sent))


def grafana(trace_id):
    now = time.time()
    checks = []
    # Jaeger: the health check, the service and operation lists, a search and a trace.
    services = get_json("/api/services")["data"]
    assert "frontend" in services, services
    operations = get_json("/api/services/frontend/operations")["data"]
    assert "GET /checkout" in operations, operations
    query = urllib.parse.urlencode({"service": "frontend", "operation": "GET /checkout", "limit": 20, "start": int((now - 3600) * 1e6),
                                    "end": int((now + 60) * 1e6), "lookback": "1h", "minDuration": "0ms"})
    found = get_json("/api/traces?" + query)["data"]
    assert found and all(trace["spans"] and trace["processes"] for trace in found), found[:1]
    trace = get_json("/api/traces/" + trace_id)["data"][0]
    assert trace["traceID"] == trace_id and {p["serviceName"] for p in trace["processes"].values()} == {"frontend", "mime-server", "storage"}, trace
    checks.append("jaeger")
    # Tempo: echo, a TraceQL search, tags and values, the trace as JSON and as protobuf.
    status, body = get("/api/echo")
    assert status == 200 and body == b"echo", body
    query = urllib.parse.urlencode({"q": '{ resource.service.name = "mime-server" && status = error && duration > 0ms }', "limit": 5,
                                    "start": int(now - 3600), "end": int(now + 60)})
    search = get_json("/api/search?" + query)
    assert search["traces"] and all(t["rootServiceName"] == "frontend" and t["spanSets"][0]["matched"] >= 1 for t in search["traces"]), search
    scopes = {scope["name"]: scope["tags"] for scope in get_json("/api/v2/search/tags")["scopes"]}
    assert "service.name" in scopes["resource"] and "order" in scopes["span"], scopes
    values = [value["value"] for value in get_json("/api/v2/search/tag/resource.service.name/values")["tagValues"]]
    assert {"frontend", "mime-server", "storage"} <= set(values), values
    assert "frontend" in get_json("/api/search/tag/service.name/values")["tagValues"]
    v2 = get_json("/api/v2/traces/" + trace_id)
    assert len(v2["trace"]["resourceSpans"]) >= 3, v2
    from opentelemetry.proto.trace.v1.trace_pb2 import TracesData
    status, body = get("/api/traces/" + trace_id, accept="application/protobuf")
    parsed = TracesData.FromString(body)
    spans = [span for batch in parsed.resource_spans for scope in batch.scope_spans for span in scope.spans]
    assert len(spans) == 5 and {span.trace_id.hex() for span in spans} == {trace_id}, spans
    checks.append("tempo")
    # Loki: the health check's query, labels, values, a log range query and a metric one.
    health = get_json("/loki/api/v1/query?" + urllib.parse.urlencode({"query": "vector(1)+vector(1)", "time": str(int(now * 1e9))}))
    assert health["data"]["resultType"] == "vector" and health["data"]["result"][0]["value"][1] == "2", health
    start, end = str(int((now - 3600) * 1e9)), str(int((now + 60) * 1e9))
    labels = get_json("/loki/api/v1/labels?" + urllib.parse.urlencode({"start": start, "end": end}))["data"]
    assert {"service", "severity", "job"} <= set(labels), labels
    values = get_json("/loki/api/v1/label/service/values?" + urllib.parse.urlencode({"start": start, "end": end}))["data"]
    assert {"mime-server", "shipper"} <= set(values), values
    streams = get_json("/loki/api/v1/query_range?" + urllib.parse.urlencode(
        {"query": '{service="shipper"} |= "pushed" | logfmt | n >= 5', "start": start, "end": end, "limit": 100, "direction": "backward"}))
    lines = [value for stream in streams["data"]["result"] for value in stream["values"]]
    assert streams["data"]["resultType"] == "streams" and len(lines) == 5, streams
    matrix = get_json("/loki/api/v1/query_range?" + urllib.parse.urlencode(
        {"query": 'sum by (service) (count_over_time({service=~".+"}[1h]))', "start": start, "end": end, "step": "60s"}))
    assert matrix["data"]["resultType"] == "matrix" and matrix["data"]["result"], matrix
    series = get_json("/loki/api/v1/series?" + urllib.parse.urlencode({"match[]": '{job="promtail"}', "start": start, "end": end}))["data"]
    assert series == [{"job": "promtail", "service": "shipper"}], series
    checks.append("loki")
    print(json.dumps({"checks": checks}))


if mode == "send":
    send()
else:
    grafana(sys.argv[4])
