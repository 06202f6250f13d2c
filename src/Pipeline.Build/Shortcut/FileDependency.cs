using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// A file (or folder itself) a run read, with its stamp, or recorded as absent (<see cref="Stamp"/> null). A class,
/// not a tuple: collections of it use the shared code ReadyToRun has compiled, nothing is compiled at start-up.
/// </summary>
internal sealed record FileDependency(string Path, FileStamp? Stamp);
