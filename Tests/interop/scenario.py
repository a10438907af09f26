"""The traces of a small shop, made with the OpenTelemetry Python SDK.

Each round is one checkout: frontend -> api-service (which queries postgres, calls
auth-service, publishes to rabbitmq and calls an uninstrumented payments API) and a
worker-service that consumes the message in a trace of its own, linked to the producer.
"""
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Link, SpanKind, Status, StatusCode

SERVICES = ["frontend", "api-service", "auth-service", "worker-service"]


def providers(add_processor):
    """One tracer provider per service; add_processor(provider) attaches the export path."""
    result = {}
    for name in SERVICES:
        provider = TracerProvider(resource=Resource.create({"service.name": name, "deployment.environment": "test"}))
        add_processor(provider)
        result[name] = provider
    return result


def checkout(tracers, failing_auth=False):
    frontend = tracers["frontend"].get_tracer("shop")
    api = tracers["api-service"].get_tracer("shop")
    auth = tracers["auth-service"].get_tracer("shop")
    worker = tracers["worker-service"].get_tracer("shop")

    with frontend.start_as_current_span("GET /checkout", kind=SpanKind.SERVER,
                                        attributes={"http.request.method": "GET", "http.route": "/checkout"}):
        with frontend.start_as_current_span("POST /orders", kind=SpanKind.CLIENT,
                                            attributes={"http.request.method": "POST", "server.address": "api-service"}):
            with api.start_as_current_span("POST /orders", kind=SpanKind.SERVER,
                                           attributes={"http.response.status_code": 201}):
                with api.start_as_current_span("SELECT orders", kind=SpanKind.CLIENT,
                                               attributes={"db.system": "postgresql", "db.namespace": "shop",
                                                           "peer.service": "postgres"}):
                    pass
                with api.start_as_current_span("GET /verify", kind=SpanKind.CLIENT):
                    with auth.start_as_current_span("GET /verify", kind=SpanKind.SERVER) as verify:
                        if failing_auth:
                            verify.set_attribute("http.response.status_code", 503)
                            verify.set_status(Status(StatusCode.ERROR, "token store unavailable"))
                with api.start_as_current_span("orders publish", kind=SpanKind.PRODUCER,
                                               attributes={"messaging.system": "rabbitmq",
                                                           "messaging.destination.name": "orders"}) as publish:
                    producer_context = publish.get_span_context()
                with api.start_as_current_span("POST /charges", kind=SpanKind.CLIENT,
                                               attributes={"server.address": "payments.example.com",
                                                           "http.request.method": "POST"}):
                    pass

    # The worker consumes later, in a trace of its own that links to the producer.
    with worker.start_as_current_span("orders process", kind=SpanKind.CONSUMER, context=trace.set_span_in_context(trace.INVALID_SPAN),
                                      links=[Link(producer_context)], attributes={"messaging.system": "rabbitmq"}):
        pass
