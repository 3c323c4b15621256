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
// Stop drains: the Gateways route nothing new here, the events already received are finished,
// the last commands are flushed, then the streams end. No event is lost or handled twice.
package gatewayworker
