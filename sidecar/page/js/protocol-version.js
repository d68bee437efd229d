/** The wire version the page speaks: its major must match the sidecar's (a unit test keeps them equal). */
export const PROTOCOL_VERSION = "2.1";
