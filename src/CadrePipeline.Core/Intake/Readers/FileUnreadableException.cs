namespace CadrePipeline.Core.Intake.Readers;

/// <summary>A file whose structure is unsound, reported as <c>file-unreadable</c> with this detail.</summary>
internal sealed class FileUnreadableException(string detail) : Exception(detail);
