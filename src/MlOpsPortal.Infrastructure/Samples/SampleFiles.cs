using Microsoft.Extensions.Hosting;

namespace MlOpsPortal.Infrastructure.Samples;

/// <summary>
/// The bundled UCI Adult files, under <c>samples/datasets/adult/</c> of the content root: the repository root when the
/// portal runs from a clone, the publish folder when it runs from <c>./mlops publish</c> (the Web project copies the
/// folder into its publish output).
/// </summary>
public sealed class SampleFiles(IHostEnvironment environment)
{
    public string Directory => Path.Combine(environment.ContentRootPath, "samples", "datasets", "adult");

    public string Train => Path.Combine(Directory, "adult.data");

    public string Test => Path.Combine(Directory, "adult.test");
}
