package dev.havip.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.VipAdvert;
import dev.havip.logging.HaVipLogger;

/**
 * The operator's {@code takeover}, {@code move}, {@code release} and {@code clear}: checked and pinned on
 * the decision thread, called from management threads (CLI, JMX), which wait for the answer.
 */
final class OperatorActions {

    private final EngineParts parts;
    private final Runnable reconcile;
    private final Supplier<List<String>> memberNames;

    OperatorActions(EngineParts parts, Runnable reconcile, Supplier<List<String>> memberNames) {
        this.parts = parts;
        this.reconcile = reconcile;
        this.memberNames = memberNames;
    }

    /** Pins the VIP to this node. */
    void takeover(String vip) throws Exception {
        this.parts.decisions().call(() -> {
            VipRuntime runtime = this.runtime(vip);
            if (!runtime.advert(this.parts.eligibility().nodeEligible(), System.nanoTime()).eligible()) {
                throw new IllegalStateException(HaVipLogger.ROOT_LOGGER.notEligible(this.parts.node(), vip, this.parts.eligibility().whyIneligible(runtime)));
            }
            runtime.pinEpoch = Pins.newest(runtime, this.others(vip)) + 1;
            this.reconcile.run();
            return null;
        });
    }

    /** Pins the VIP to {@code target}, which must be a member that is eligible for it. */
    void move(String vip, String target) throws Exception {
        if (target.equals(this.parts.node())) {
            this.takeover(vip);
            return;
        }
        this.parts.decisions().call(() -> {
            VipRuntime runtime = this.runtime(vip);
            Map<String, VipAdvert> others = this.others(vip);
            VipAdvert advert = others.get(target);
            if (advert == null) {
                throw new IllegalStateException(HaVipLogger.ROOT_LOGGER.notAMember(target, vip, this.memberNames.get()));
            }
            if (!advert.eligible()) {
                throw new IllegalStateException(HaVipLogger.ROOT_LOGGER.notEligible(target, vip, "it reports itself ineligible"));
            }
            this.parts.member().send(new ClusterMessage.Pin(vip, target, Pins.newest(runtime, others) + 1));
            return null;
        });
    }

    /** Hands the VIP to the best other eligible member and pins it there. */
    void release(String vip) throws Exception {
        String next = this.parts.decisions().call(() -> {
            this.runtime(vip);
            return Pins.nextHolder(this.others(vip)).orElseThrow(() -> new IllegalStateException(HaVipLogger.ROOT_LOGGER.noOtherEligible(vip)));
        });
        this.move(vip, next);
    }

    /** Drops an operator's pin of the VIP on every node. */
    void clear(String vip) throws Exception {
        this.parts.decisions().call(() -> this.runtime(vip));
        this.parts.member().send(new ClusterMessage.ClearPin(vip));
    }

    private Map<String, VipAdvert> others(String vip) {
        return this.parts.peers().adverts(vip, this.parts.member().view());
    }

    private VipRuntime runtime(String vip) {
        VipRuntime runtime = this.parts.vips().get(vip);
        if (runtime == null) {
            throw new IllegalArgumentException(HaVipLogger.ROOT_LOGGER.unknownVip(vip));
        }
        return runtime;
    }
}
