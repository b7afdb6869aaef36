import NetIO
import Testing

/// The connection state machine, driven without a socket (hummingbird `HTTPConnectionStateHandler` tests).
struct ConnectionStateMachineTests {
    static let timeouts = ConnectionTimeouts(
        head: .seconds(10), bodyProgress: .seconds(5), request: .seconds(20), idle: .seconds(120), linger: .seconds(2))
    static let second: UInt64 = 1_000_000_000

    @Test func handshakeMustFinishWithinTheHeadTimeout() {
        let machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: true, now: 0)
        #expect(machine.phase == .handshaking)
        #expect(machine.timerFired(now: 9 * Self.second) == .doNothing)
        #expect(machine.timerFired(now: 10 * Self.second) == .close)
    }

    @Test func idleTimeoutAfterHandshakeIsLongerThanTheAPIServers() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: true, now: 0)
        machine.handshakeFinished(now: Self.second)
        #expect(machine.phase == .idle)
        #expect(machine.timerFired(now: 91 * Self.second) == .doNothing)
        #expect(machine.timerFired(now: 121 * Self.second) == .close)
    }

    @Test func headDeadlineIsNotExtendedByTricklingBytes() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        machine.bytesRead(now: Self.second, progress: .head)
        machine.bytesRead(now: 9 * Self.second, progress: .head)
        #expect(machine.phase == .readingHead)
        #expect(machine.timerFired(now: 11 * Self.second) == .answerRequestTimeout)
    }

    @Test func bodyProgressExtendsTheBodyDeadline() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        machine.bytesRead(now: Self.second, progress: .body)
        machine.bytesRead(now: 5 * Self.second, progress: .body)
        #expect(machine.timerFired(now: 9 * Self.second) == .doNothing)
        #expect(machine.timerFired(now: 10 * Self.second) == .answerRequestTimeout)
    }

    @Test func tricklingBodyIsAnsweredAtTheWholeRequestDeadline() {
        // A byte every 4 s keeps the 5 s progress timeout from firing; the 20 s request deadline does not move.
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        machine.bytesRead(now: Self.second, progress: .head)
        for second in stride(from: 2, through: 18, by: 4) { machine.bytesRead(now: UInt64(second) * Self.second, progress: .body) }
        #expect(machine.requestDeadline == 21 * Self.second)
        #expect(machine.timerFired(now: 20 * Self.second) == .doNothing)
        #expect(machine.timerFired(now: 21 * Self.second) == .answerRequestTimeout)
    }

    @Test func aRequestArrivingInOneReadStartsItsDeadlineThen() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        machine.bytesRead(now: 3 * Self.second, progress: .body)
        #expect(machine.requestDeadline == 23 * Self.second)
        #expect(machine.deadline == 8 * Self.second)
    }

    @Test func theNextRequestGetsADeadlineOfItsOwn() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        machine.bytesRead(now: 0, progress: .body)
        _ = machine.responseQueued(now: 19 * Self.second, isKeepAliveRequested: true)
        #expect(machine.requestDeadline == nil)
        // Pipelined: the next head was already partly read when the answer drained.
        _ = machine.bytesWritten(now: 19 * Self.second, isDrained: true, progress: .head)
        #expect(machine.requestDeadline == 39 * Self.second)
        #expect(machine.timerFired(now: 28 * Self.second) == .doNothing)
        #expect(machine.timerFired(now: 29 * Self.second) == .answerRequestTimeout)
    }

    @Test func onlyALateRequestIsAnsweredOtherLateConnectionsJustClose() {
        var idle = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        idle.bytesRead(now: 0, progress: .idle)
        #expect(idle.timerFired(now: 200 * Self.second) == .close)
        var writing = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        writing.bytesRead(now: 0, progress: .body)
        _ = writing.responseQueued(now: 0, isKeepAliveRequested: true)
        #expect(writing.timerFired(now: 6 * Self.second) == .close)
    }

    @Test func keepAliveResponseReturnsToIdleWhenWritten() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        machine.bytesRead(now: 0, progress: .body)
        #expect(machine.responseQueued(now: Self.second, isKeepAliveRequested: true) == .keepAlive)
        #expect(machine.phase == .writing)
        #expect(machine.bytesWritten(now: Self.second, isDrained: true, progress: .idle) == .doNothing)
        #expect(machine.phase == .idle)
    }

    @Test func closeRequestedResponseLingersAfterWrite() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        #expect(machine.responseQueued(now: 0, isKeepAliveRequested: false) == .closeAfterWrite)
        #expect(machine.bytesWritten(now: 0, isDrained: true, progress: .idle) == .shutdownWriteAndLinger)
        #expect(machine.phase == .lingering)
        #expect(machine.timerFired(now: 2 * Self.second) == .close)
    }

    @Test func shutdownClosesIdleConnectionsAndDrainsBusyOnes() {
        var idle = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        #expect(idle.shutdownRequested() == .close)
        var busy = ConnectionStateMachine(timeouts: Self.timeouts, isTLS: false, now: 0)
        busy.bytesRead(now: 0, progress: .body)
        #expect(busy.shutdownRequested() == .drain)
        #expect(busy.responseQueued(now: 0, isKeepAliveRequested: true) == .closeAfterWrite)
    }
}
