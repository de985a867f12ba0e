extension CSVSeriesWriter {
    /// The header of ``writeSamples(_:to:)``.
    public static let samplesHeader = "time,session_id,pid,start_ticks,command,time_ms,value\n"

    /// Writes the document's own series (``ReportDocument/samples``, read with `withSeries`) as
    /// CSV: one row per point of each process, with its value in the report's metric. For a
    /// reader without a database, such as a PromQL query (``PrometheusHistoryReader``), where
    /// the command is the series' labels.
    public func writeSamples(_ document: ReportDocument, to write: (String) throws -> Void) throws {
        try write(Self.samplesHeader)
        var chunk: [UInt8] = []
        var formatter = ISOTimeFormatter(timeZone: timeZone)
        let measure = ProcessSamples.chartedMeasures.first { $0.metric == document.metric }?.values ?? \.promql
        for report in document.reports {
            guard let samples = document.samples[report.process.id] else { continue }
            let process = report.process
            let command = Array(ReportRenderer.csvField(process.displayCommand).utf8)
            let values = samples[keyPath: measure]
            for (index, time) in samples.timesMs.enumerated() {
                formatter.append(time, to: &chunk)
                for number in [process.sessionID, Int64(process.pid), Int64(clamping: process.startTime)] {
                    chunk.append(UInt8(ascii: ","))
                    Self.appendInteger(number, to: &chunk)
                }
                chunk.append(UInt8(ascii: ","))
                chunk += command
                chunk.append(UInt8(ascii: ","))
                Self.appendInteger(time, to: &chunk)
                chunk.append(UInt8(ascii: ","))
                if index < values.count, let value = values[index] { Self.appendInteger(Int64(value), to: &chunk) }
                chunk.append(UInt8(ascii: "\n"))
                if chunk.count >= 1 << 16 {
                    try write(String(decoding: chunk, as: UTF8.self))
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        try write(String(decoding: chunk, as: UTF8.self))
    }
}
