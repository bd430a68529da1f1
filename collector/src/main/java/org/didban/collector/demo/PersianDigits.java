package org.didban.collector.demo;

/** Writes numbers with Persian digits (۰۱۲۳۴۵۶۷۸۹), as names in Persian are written. */
final class PersianDigits {
    private PersianDigits() {
    }

    static String of(int n) {
        String latin = Integer.toString(n);
        StringBuilder sb = new StringBuilder(latin.length());
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            sb.append(c >= '0' && c <= '9' ? (char) ('۰' + (c - '0')) : c);
        }
        return sb.toString();
    }
}
