using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>The training image pinned by digest, and the shell in it that runs the hand-off.</summary>
internal sealed record TrainingImageReference(string Reference, string Shell);
