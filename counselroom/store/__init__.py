"""The only package that speaks to SQLCipher: keying, key slots, migrations, repositories."""
