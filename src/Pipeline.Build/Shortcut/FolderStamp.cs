using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>A folder (full path), its stamp, and the digest of the entries that count (<see cref="FolderListing"/>) for when the stamp alone differs.</summary>
internal sealed record FolderStamp(string Path, FileStamp Stamp, string Spec, string Listing);
