import Beat

@main
struct KSPMBeatCommand {
  static func main() {}
}
