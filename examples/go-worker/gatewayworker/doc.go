// Package gatewayworker is a BusinessWorker for the gatewayworker mesh, written against the
// protocol in proto/README.md of the gatewayworker repository.
//
// A Worker follows the Register's list of Gateways (Register.WatchGateways), keeps one
// Gateway.Connect stream to every listed Gateway and runs the application's Events for the client
// events the Gateways route to it:
//
//   - the events of one client run one at a time, in order; different clients run concurrently
//     (one goroutine per client with events waiting);
//   - Context.Session is this worker's copy of the client's session (a JSON object). The changes a
//     handler makes to it are written back when the handler returns, as a numbered top-level patch,
//     so that the next event sees them even before the Gateway has applied them;
//   - the Gateway API (API) sends commands on the same streams, batched by one writer goroutine
//     per stream, and matches queries to their replies by request id.
//
// With Options.SecretKey set, every call carries it as x-gatewayworker-secret metadata; a Register
// or Gateway that refuses it (UNAUTHENTICATED) is logged once per reason and retried with backoff.
//
// Gateways and Registers:
//
//   - a link is keyed by the Gateway's routing address (GatewayInfo.address, as in client ids) and
//     dials GatewayInfo.dial_address when the Gateway announces one (a hostname);
//   - with several Registers, the list is the union of the live Registers' lists; the last list of
//     a Register whose stream broke counts until it answers again, or for 5 s once another Register
//     is live (registerLists);
//   - commands queued while a listed Gateway's stream is down are stamped with the Gateway run
//     (instance_id) they were meant for; on a stream to another run, those that name connection
//     ids are dropped, queries fail with GW_ERR_GATEWAY_UNAVAILABLE, and commands by uid, group or
//     to all still go (sortQueued);
//   - a Gateway run lost for good (it left the list and its stream ended, or it came back as a new
//     run) is logged ("gateway lost", with the number of its clients this worker knew) and
//     reported to Events.OnGatewayLost.
//
// Stop drains: the Gateways route nothing new here, the events already received are finished,
// the last commands are flushed, then the streams end. No event is lost or handled twice.
package gatewayworker
