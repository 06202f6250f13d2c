using System.Globalization;

namespace Model.Data;

/// <summary>
/// Reads the data set CSV with line-precise errors. Hand-written because ML.NET's text loader turns a bad
/// number into NaN silently, and the file is plain numeric CSV without quoting.
/// </summary>
public static class IrisCsvReader
{
    /// <summary>Reads every row; throws <see cref="InvalidDataException"/> naming the file, line and column of the first problem.</summary>
    public static IReadOnlyList<IrisFlower> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the data set is missing. Restore it with 'git checkout -- {path}'.", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].Trim().Split(',').SequenceEqual(IrisColumns.FileHeader))
            throw new InvalidDataException($"{path}(1): expected the header '{string.Join(',', IrisColumns.FileHeader)}'.");

        var rows = new List<IrisFlower>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            var cells = lines[i].Split(',');
            if (cells.Length != IrisColumns.FileHeader.Length)
                throw new InvalidDataException($"{path}({i + 1}): expected {IrisColumns.FileHeader.Length} comma-separated values, found {cells.Length}.");
            rows.Add(new IrisFlower
            {
                SepalLength = Number(path, i, cells, 0),
                SepalWidth = Number(path, i, cells, 1),
                PetalLength = Number(path, i, cells, 2),
                PetalWidth = Number(path, i, cells, 3),
                Species = cells[4].Trim().Length > 0 ? cells[4].Trim() : throw new InvalidDataException($"{path}({i + 1}): the species is empty."),
            });
        }

        return rows.Count > 0 ? rows : throw new InvalidDataException($"{path}: the data set has no rows.");
    }

    private static float Number(string path, int line, string[] cells, int column) =>
        float.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value
            : throw new InvalidDataException($"{path}({line + 1}): '{cells[column]}' in column {IrisColumns.FileHeader[column]} is not a number.");
}
