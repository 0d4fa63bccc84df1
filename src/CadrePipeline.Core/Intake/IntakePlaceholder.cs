// TEMPORARY: stands in for the intake API until branch `intake` merges. Deleted at merge.
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Records;
using CadrePipeline.Core.Reports;

namespace CadrePipeline.Core.Intake
{
    public sealed class IntakeOptions
    {
        public static IntakeOptions Default { get; } = new();
    }

    public interface IIdHasher
    {
        string Hash(string idNumber);
    }

    public sealed class HmacIdHasher(byte[] key) : IIdHasher
    {
        public string Hash(string idNumber) => Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(idNumber)));
    }

    public sealed class IntakeEngine(FormCatalog forms, AreaCatalog areas, IIdHasher hasher, IntakeOptions? options = null)
    {
        public IntakeResult Validate(Stream content, string fileName, string countyCode, int period, VillageRegister? register = null, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException($"{forms}{areas}{hasher}{options}{content}{fileName}{countyCode}{period}{register}{cancellationToken}");
    }

    public sealed class IntakeResult
    {
        public required ValidationReport Report { get; init; }

        public required IReadOnlyList<FormBatch> Batches { get; init; }
    }

    public sealed class FormBatch
    {
        public required string Form { get; init; }

        public required string Sheet { get; init; }

        public required IReadOnlyList<NormalizedRecord> Records { get; init; }
    }

    public static class NormalizedRecordJson
    {
        public static void Write(Stream stream, IEnumerable<NormalizedRecord> records) => throw new NotImplementedException($"{stream}{records}");

        public static IReadOnlyList<NormalizedRecord> Read(Stream stream, FormCatalog forms) => throw new NotImplementedException($"{stream}{forms}");
    }
}

namespace CadrePipeline.Core.Forms
{
    public sealed class FormCatalog
    {
        public static FormCatalog Default { get; } = new();

        public IReadOnlyList<FormDefinition> Forms { get; } = [];

        public FormDefinition? Find(string id) => Forms.FirstOrDefault(f => f.Id == id);
    }

    public sealed class FormDefinition
    {
        public string Id { get; init; } = "";

        public string TitleZh { get; init; } = "";
    }
}
