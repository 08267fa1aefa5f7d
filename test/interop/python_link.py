"""An insured platform's ProvinceLink in Python (Debian's python3-grpcio and python3-protobuf), built
from the hub's protobuf image only. Connects with the platform's certificate, says hello, prints
READY, refuses the first claim delivered with a refusal of its own, waits for the hub's ReplyAck and
prints what it saw as one JSON line. Used by python-client.test.ts."""
import json
import queue
import sys

import grpc

import hub_image

job = json.loads(sys.argv[1])
pool = hub_image.load_pool(job["image"])


def message_class(name):
    return hub_image.message_class(pool, name)


Request = message_class("tongxing.v1.ConnectRequest")
Response = message_class("tongxing.v1.ConnectResponse")
read = lambda p: open(p, "rb").read()
creds = grpc.ssl_channel_credentials(read(job["ca"]), read(job["key"]), read(job["cert"]))
outbox = queue.Queue()


def requests():
    while True:
        item = outbox.get()
        if item is None:
            return
        yield item


seen = {}
with grpc.secure_channel(job["address"], creds) as channel:
    connect = channel.stream_stream(
        "/tongxing.v1.ProvinceLink/Connect",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=Response.FromString,
    )
    hello = Request()
    hello.hello.max_in_flight = 4
    outbox.put(hello)
    stream = connect(requests(), timeout=90)
    for response in stream:
        kind = response.WhichOneof("msg")
        if kind == "welcome":
            seen["welcome_platform"] = response.welcome.platform
            print("READY", flush=True)
        elif kind == "claim":
            seen["claim_id"] = response.claim.claim.claim_id
            seen["insuplc_admdvs"] = response.claim.claim.insuplc_admdvs
            reply = Request()
            reply.refusal.delivery_id = response.claim.delivery_id
            reply.refusal.refusal.claim_id = response.claim.claim.claim_id
            reply.refusal.refusal.code = job["code"]
            reply.refusal.refusal.message = "refused by the Python platform"
            outbox.put(reply)
        elif kind == "reply_ack":
            seen["ack_accepted"] = response.reply_ack.accepted
            seen["ack_error"] = response.reply_ack.error
            break
    outbox.put(None)
    stream.cancel()
print(json.dumps(seen), flush=True)
