using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Components.Train;

/// <summary>
/// Where Train runs when it is out of date, by the name of a back-end (<see cref="ITrainBackend"/>): <see cref="Local"/>
/// is built in, <see cref="Kubernetes"/> and <see cref="LocalPod"/> come with IClusterTrain (Pipeline.Components.Kubernetes),
/// and a component can add its own (<see cref="TrainBackendAttribute{TBackend}"/>). <c>--train-on</c> takes the name.
/// </summary>
public readonly record struct TrainLocation : IParsable<TrainLocation>
{
    private readonly string? name;

    /// <summary>A back-end called <paramref name="name"/> (lower-case letters, digits and '-', starting with a letter).</summary>
    public TrainLocation(string name) =>
        this.name = Plugins.BackendName.Checked(name, "local, kubernetes or local-pod");

    /// <summary>The back-end's name (<c>default(TrainLocation)</c> is <c>local</c>).</summary>
    public string Name => name ?? "local";

    /// <summary>Where the build runs (in-process or the command).</summary>
    public static TrainLocation Local { get; } = new("local");

    /// <summary>A Kubernetes Job (an Indexed Job for several workers) on the cluster Deploy uses.</summary>
    public static TrainLocation Kubernetes { get; } = new("kubernetes");

    /// <summary>The same training image and hand-off as on a cluster, as a pod of the local container runtime (podman).</summary>
    public static TrainLocation LocalPod { get; } = new("local-pod");

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Equal when the names are: <c>default</c> is <see cref="Local"/>.</summary>
    public bool Equals(TrainLocation other) => Name == other.Name;

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>The name, case ignored (<c>LocalPod</c> is <c>local-pod</c> too).</summary>
    public static TrainLocation Parse(string s, IFormatProvider? provider) => new(Plugins.BackendName.Normalized(s, splitWords: true));

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out TrainLocation result)
    {
        result = default;
        if (s is null || !Plugins.BackendName.IsName(s, splitWords: true))
            return false;
        result = Parse(s, provider);
        return true;
    }
}
