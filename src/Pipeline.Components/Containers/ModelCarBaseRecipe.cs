namespace Pipeline.Components.Containers;

/// <summary>
/// The base of a ModelCar image: Debian's statically linked busybox (a shell and the few tools KServe's ModelCar
/// side-car runs: <c>sh</c>, <c>ln</c>, <c>sleep</c>) with each applet linked, and an empty <c>/models</c>.
/// </summary>
public static class ModelCarBaseRecipe
{
    /// <summary>The recipe of the small base image a model-only (model car) image is built on.</summary>
    public static async Task<BaseImageRecipe> CreateAsync(CancellationToken cancellationToken) => new(
        "modelcar",
        await AptCache.CandidateVersionsAsync(["busybox-static"], cancellationToken),
        "busybox",
        """
        for applet in $("$R/bin/busybox" --list); do [ -e "$R/bin/$applet" ] || ln -s busybox "$R/bin/$applet"; done
        mkdir -p "$R/models"
        """,
        []);
}
