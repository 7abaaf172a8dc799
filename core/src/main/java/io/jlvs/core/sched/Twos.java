package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;
import java.util.Objects;

/**
 * Power of two choices (ip_vs_twos; Mitzenmacher): draw two servers at random, each with
 * probability proportional to its weight, and take the one with less overhead per weight.
 *
 * <p>As the kernel does, each draw is a number in [0, total weight] inclusive, walked down the
 * list subtracting weights until it is ≤ 0, so the first server gets one extra chance; the second
 * draw wins only when strictly less loaded.
 */
public final class Twos extends BaseScheduler {
    private final RandomSource random;

    public Twos(VirtualService service, RealLoad load, Overload overload, RandomSource random) {
        super(service, load, overload);
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String name() {
        return "twos";
    }

    RandomSource random() {
        return random;
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (available(i)) {
                total += weight[i];
            }
        }
        if (total == 0) {
            return NONE;
        }
        int bound = total + 1;
        int r1 = Integer.remainderUnsigned(random.nextInt(), bound);
        int r2 = Integer.remainderUnsigned(random.nextInt(), bound);
        int choice1 = -1;
        int choice2 = -1;
        for (int i = 0; i < n && (choice1 < 0 || choice2 < 0); i++) {
            if (!available(i)) {
                continue;
            }
            r1 -= weight[i];
            r2 -= weight[i];
            if (r1 <= 0 && choice1 < 0) {
                choice1 = i;
            }
            if (r2 <= 0 && choice2 < 0) {
                choice2 = i;
            }
        }
        long overhead1 = overhead(choice1);
        long overhead2 = overhead(choice2);
        if ((long) weight[choice2] * overhead1 > (long) weight[choice1] * overhead2) {
            choice1 = choice2;
        }
        return index[choice1];
    }
}
