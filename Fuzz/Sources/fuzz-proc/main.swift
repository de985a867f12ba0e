// The small /proc files: byte 0 picks the parser, the rest is the file.
import FuzzSupport
import Recorder

fuzzMain { bytes in
    var reader = ByteReader(bytes)
    let choice = reader.byte() % 6
    let input = reader.rest()
    switch choice {
    case 0:
        consume(try? ProcessStat.parse(input))
    case 1:
        consume(ProcessStatus.parse(input))
    case 2:
        consume(ProcessCommandLine.arguments(input))
        consume(ProcessCommandLine.joined(input))
    case 3:
        consume(MeminfoParser.parse(input))
    case 4:
        consume(CgroupMemoryFiles.paths(inProcCgroup: String(decoding: input, as: UTF8.self)))
    default:
        // The String overloads, which the live capture does not use but tests and tools do.
        let text = String(decoding: input, as: UTF8.self)
        consume(try? ProcessStat.parse(text))
        consume(ProcessStatus.parse(text))
        consume(MeminfoParser.parse(text))
    }
}
