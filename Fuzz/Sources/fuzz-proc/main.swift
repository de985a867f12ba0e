// The small /proc files: byte 0 picks the parser, the rest is the file.
import FuzzSupport
import Recorder

fuzzMain { bytes in
    var reader = ByteReader(bytes)
    let choice = reader.byte() % 6
    let input = reader.rest()
    switch choice {
    case 0:
        _ = try? ProcessStat.parse(input)
    case 1:
        _ = ProcessStatus.parse(input)
    case 2:
        _ = ProcessCommandLine.arguments(input)
        _ = ProcessCommandLine.joined(input)
    case 3:
        _ = MeminfoParser.parse(input)
    case 4:
        _ = CgroupMemoryFiles.paths(inProcCgroup: String(decoding: input, as: UTF8.self))
    default:
        // The String overloads, which the live capture does not use but tests and tools do.
        let text = String(decoding: input, as: UTF8.self)
        _ = try? ProcessStat.parse(text)
        _ = ProcessStatus.parse(text)
        _ = MeminfoParser.parse(text)
    }
}
