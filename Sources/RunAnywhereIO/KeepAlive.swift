import Foundation
import NIOCore

/// TCP keepalive tuned for run connections: a placed process's two ends notice a vanished
/// peer (a node cut off or powered down sends no FIN) within about 11 seconds, so a guest
/// whose home is gone is killed and a home whose node is gone reports the process lost,
/// even before membership's verdict.
enum KeepAlive {
    static func apply(to channel: Channel) -> EventLoopFuture<Void> {
        let tcp = SocketOptionLevel(IPPROTO_TCP)
        return channel.setOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .flatMap { channel.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: SocketOptionName(TCP_KEEPIDLE)), value: 5) }
            .flatMap { channel.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: SocketOptionName(TCP_KEEPINTVL)), value: 2) }
            .flatMap { channel.setOption(ChannelOptions.Types.SocketOption(level: tcp, name: SocketOptionName(TCP_KEEPCNT)), value: 3) }
    }
}
