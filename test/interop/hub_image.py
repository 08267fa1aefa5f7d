"""The hub's schema for the Python clients, from its protobuf image (`npx buf build -o image.binpb`)
and nothing else of the hub's: a descriptor pool and the message classes it defines."""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def load_pool(image_path):
    """A descriptor pool holding every file of the image."""
    files = descriptor_pb2.FileDescriptorSet.FromString(open(image_path, "rb").read())
    pool = descriptor_pool.DescriptorPool()
    for f in files.file:
        pool.Add(f)
    return pool


def message_class(pool, name):
    """The message class of a full name (e.g. tongxing.v1.ConnectRequest), for protobuf 3.x and 4.x."""
    descriptor = pool.FindMessageTypeByName(name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)
