import Balancer
import Testing

@Suite("ByteQueue: bytes kept for later by the relay loops")
struct ByteQueueTests {
    private func contents(_ queue: ByteQueue) -> [UInt8] { Array(queue.readable) }

    @Test("appends keep their order; consuming takes from the front; an emptied queue holds no storage")
    func order() {
        var queue = ByteQueue()
        queue.append(Array("hello ".utf8))
        queue.append(Array("world".utf8))
        #expect(contents(queue) == Array("hello world".utf8) && queue.count == 11)
        queue.consume(6)
        #expect(contents(queue) == Array("world".utf8))
        queue.consume(5)
        #expect(queue.isEmpty && queue.readable.baseAddress == nil, "freed once empty")
        queue.release()
    }

    @Test("keepsStorage: a cleared queue keeps its storage for the next request's bytes")
    func keepsStorage() {
        var queue = ByteQueue(keepsStorage: true)
        queue.append(Array("GET / HTTP/1.1\r\n".utf8))
        queue.clear()
        #expect(queue.isEmpty)
        queue.append(Array("x".utf8))
        let before = queue.readable.baseAddress
        queue.clear()
        queue.append(Array("y".utf8))
        #expect(queue.readable.baseAddress == before && contents(queue) == Array("y".utf8))
        queue.release()
    }

    @Test("10,000 random appends and consumes agree with an array, through growth and moves to the front")
    func randomAgainstArray() {
        var generator = SystemRandomNumberGenerator()
        var queue = ByteQueue()
        var model: [UInt8] = []
        var next: UInt8 = 0
        for _ in 0..<10_000 {
            if Bool.random(using: &generator) {
                let chunk = (0..<Int.random(in: 1...700, using: &generator)).map { _ -> UInt8 in
                    next &+= 1
                    return next
                }
                queue.append(chunk)
                model += chunk
            } else if !model.isEmpty {
                let n = Int.random(in: 1...model.count, using: &generator)
                queue.consume(n)
                model.removeFirst(n)
            }
            #expect(queue.count == model.count)
        }
        #expect(contents(queue) == model)
        queue.release()
    }
}
