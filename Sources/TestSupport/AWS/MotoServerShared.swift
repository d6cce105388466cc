/// One moto server for the whole test process, lent to one test at a time.
extension MotoServer {
  /// Runs `body` with the process-wide moto server, started on first use (and again if it
  /// died), reset and with signature checking off; other callers wait until `body` ends. The
  /// server stops with the test process (its watchdog notices).
  ///
  /// - Throws: ``Failure`` when `moto_server` is missing (the message says how to install it)
  ///   or does not start; whatever `body` throws.
  public static func withShared<Result: Sendable>(_ body: (MotoServer) async throws -> Result) async throws -> Result {
    await SharedMoto.instance.acquire()
    do {
      let server = try await SharedMoto.instance.server()
      try await server.reset()
      let result = try await body(server)
      await SharedMoto.instance.release()
      return result
    } catch {
      await SharedMoto.instance.release()
      throw error
    }
  }
}

/// The shared server and the turn of its users.
private actor SharedMoto {
  static let instance = SharedMoto()

  private var current: MotoServer?
  private var busy = false
  private var waiting: [CheckedContinuation<Void, Never>] = []

  func acquire() async {
    guard busy else {
      busy = true
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func release() {
    if waiting.isEmpty {
      busy = false
    } else {
      waiting.removeFirst().resume()
    }
  }

  func server() async throws -> MotoServer {
    if let current, current.isRunning { return current }
    let started = try await MotoServer.start()
    current = started
    return started
  }
}
