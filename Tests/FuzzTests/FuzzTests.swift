import Testing

/// Seeded mutation fuzzing of every reader of input others control (see `Support/Fuzzer.swift`
/// for the settings). One target at a time: the crash and hang recorder is shared.
@Suite(.serialized) struct FuzzTests {}
