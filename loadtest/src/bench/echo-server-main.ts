// Reference gRPC echo server, run as its own process by the benchmark (as the hub's translator
// is): prints "echo listening on <port>".
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import { ECHO_SERVICE } from "./echo-service.js";

const server = new Server({ "grpc.max_receive_message_length": 16 * 1024 * 1024 });
server.addService(ECHO_SERVICE, { echo: (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => cb(null, call.request) });
server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  console.log(`echo listening on ${port}`);
});
process.once("SIGTERM", () => server.forceShutdown());
