package io.vpnd.control;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether two config values mean the same, comparing records component by component and key
 * material by content (records compare arrays by identity, and a reload must not restart a
 * tunnel just because its PSK was read into a new array).
 */
final class ConfigEquivalence {
    private ConfigEquivalence() {
    }

    static boolean equivalent(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null || a.getClass() != b.getClass()) return false;
        if (a instanceof byte[] x) return Arrays.equals(x, (byte[]) b);
        if (a instanceof Optional<?> x) {
            Optional<?> y = (Optional<?>) b;
            return x.isPresent() == y.isPresent() && (x.isEmpty() || equivalent(x.get(), y.get()));
        }
        if (a instanceof List<?> x) {
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) return false;
            Iterator<?> i = y.iterator();
            for (Object o : x) if (!equivalent(o, i.next())) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x) {
            Map<?, ?> y = (Map<?, ?>) b;
            if (!x.keySet().equals(y.keySet())) return false;
            for (var e : x.entrySet()) if (!equivalent(e.getValue(), y.get(e.getKey()))) return false;
            return true;
        }
        if (a instanceof Record) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                try {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    if (!equivalent(accessor.invoke(a), accessor.invoke(b))) return false;
                } catch (ReflectiveOperationException e) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
