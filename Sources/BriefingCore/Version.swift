/// The program's version: `briefing --version` prints it and the User-Agent header names it.
public enum BriefingVersion {
    public static let current = "0.1.0"
}
