/** The worker-stream protocol version (WorkerHello / GatewayWelcome.protocol_version); this proto is version 1. */
export const PROTOCOL_VERSION = 1;
