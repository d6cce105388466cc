/// What the running daemon is asked to do from outside: stop (SIGTERM/SIGINT) or reload its
/// configuration (SIGHUP, or the configuration file changed).
public enum DaemonRequest: Sendable, Equatable {
  case stop
  case reload
}
