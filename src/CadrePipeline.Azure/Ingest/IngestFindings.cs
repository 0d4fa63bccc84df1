using CadrePipeline.Core.Reports;

namespace CadrePipeline.Azure.Ingest;

/// <summary>File-level findings about where and how a file was uploaded (as opposed to what is in it).</summary>
public static class IngestFindings
{
    public static Finding CountyUnknown(string county) => new()
    {
        Code = "county-unknown",
        Severity = Severity.Error,
        Value = county,
        Message = $"上传路径中的县(市、区)代码“{county}”不是已知的县级代码，请上传到 submissions/{{县代码}}/{{年度}}/ 下",
        MessageEn = $"The county code '{county}' in the upload path is not a known county; upload to submissions/{{countyCode}}/{{period}}/",
    };

    public static Finding PeriodInvalid(string period) => new()
    {
        Code = "period-invalid",
        Severity = Severity.Error,
        Value = period,
        Message = $"上传路径中的年度“{period}”无效，应为四位年份，如 2022",
        MessageEn = $"The period '{period}' in the upload path is not a plausible four-digit year such as 2022",
    };

    public static Finding FileNameInvalid() => new()
    {
        Code = "file-name-invalid",
        Severity = Severity.Error,
        Message = "文件名无效：只接受 .xlsx、.xls 或 .csv 文件，文件名不能以“.”开头或包含路径",
        MessageEn = "The file name is not accepted: only .xlsx, .xls or .csv, not starting with '.' and without a path",
    };

    public static Finding FileTooLarge(long size, long max) => new()
    {
        Code = "file-too-large",
        Severity = Severity.Error,
        Value = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Message = $"文件过大（{size / 1024 / 1024} MB），上限为 {max / 1024 / 1024} MB，请删除无关工作表或拆分后上传",
        MessageEn = $"The file is too large ({size / 1024 / 1024} MB; the limit is {max / 1024 / 1024} MB); remove unrelated sheets or split it",
    };
}
