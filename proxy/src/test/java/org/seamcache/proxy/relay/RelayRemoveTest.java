package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.seamcache.proxy.rtsp.InterleavedFrameEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A viewer whose connection lives on another event loop than the relay's leaves between a packet
 * and the flush of its batch: what was queued for it is handed over (and so released), not left
 * holding the packet's buffer for good.
 */
class RelayRemoveTest {

  /** Remembers every buffer written towards the socket, to check each is freed in the end. */
  private static final class Written extends ChannelOutboundHandlerAdapter {
    final List<ByteBuf> seen = new CopyOnWriteArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof ByteBuf b) {
        seen.add(b);
      }
      ctx.write(msg, promise);
    }
  }

  @Test
  void aViewerRemovedInTheMiddleOfABatchHoldsNoBuffer() throws Exception {
    DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    LocalAddress address = new LocalAddress("relay-remove-" + System.nanoTime());
    try {
      Channel server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
          .childHandler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {} // the pipeline's tail releases what arrives
          })
          .bind(address).sync().channel();
      EventLoop relayLoop = loops.next();
      EventLoop viewerLoop = loops.next();
      assertThat(viewerLoop).isNotSameAs(relayLoop);
      Written written = new Written();
      Channel viewer = new Bootstrap().group(viewerLoop).channel(LocalChannel.class)
          .handler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {
              ch.pipeline().addLast(written, InterleavedFrameEncoder.INSTANCE);
            }
          })
          .connect(address).sync().channel();

      Relay relay = new Relay(1);
      InterleavedViewerOutput output = new InterleavedViewerOutput(viewer, new int[] {0}, new DeliveryTotals());
      ByteBuf packet = Unpooled.directBuffer(64).writeZero(64);
      relayLoop.submit(() -> {
        relay.add(output);
        relay.deliver(0, null, packet); // an RTCP packet: framed, queued for the other loop until the flush
        relay.remove(output); // the viewer leaves before the batch ends
        packet.release(); // the caller's reference
        relay.flush(); // the batch ends in the same task, as every caller's does
      }).sync();

      assertThat(packet.refCnt()).as("the relay kept no reference to the caller's packet").isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> !written.seen.isEmpty());
      await().atMost(Duration.ofSeconds(5)).until(() -> written.seen.stream().allMatch(b -> b.refCnt() == 0));
      viewer.close().sync();
      server.close().sync();
    } finally {
      loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }
}
