namespace Model.Training;

/// <summary>Counts[actual][predicted], in the order of <see cref="Labels"/>.</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    /// <summary>Precision, recall and F1 per class, computed from the counts.</summary>
    public IEnumerable<(string Label, double Precision, double Recall, double F1, int Support)> PerClass()
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            var truePositives = Counts[i][i];
            var predicted = Counts.Sum(row => row[i]);
            var actual = Counts[i].Sum();
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = actual == 0 ? 0 : (double)truePositives / actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            yield return (Labels[i], precision, recall, f1, actual);
        }
    }
}
