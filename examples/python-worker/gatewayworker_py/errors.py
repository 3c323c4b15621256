"""The one error type of the library, with the same GW_ERR_* codes as the TypeScript package."""


class GatewayWorkerError(Exception):
    """A failed API call. ``code`` is a GW_ERR_* string, e.g. ``GW_ERR_GATEWAY_UNAVAILABLE``.

    Codes raised here: GW_ERR_INVALID_CLIENT_ID, GW_ERR_INVALID_ARGUMENT, GW_ERR_GATEWAY_UNAVAILABLE,
    GW_ERR_GATEWAY_TIMEOUT, GW_ERR_QUERY_FAILED and GW_ERR_STOPPED.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
