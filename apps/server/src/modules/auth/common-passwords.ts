/**
 * Passwords seen most often in public leak corpora, international and Chinese (pinyin, dates, the
 * "I love you" numerals). Compared lower-case, and also with a trailing run of digits or symbols
 * removed, so `Password123!` counts as common.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 123456789 12345678 1234567890 12345 1234567 password password1 password123 qwerty qwerty123
qwertyuiop 111111 11111111 000000 00000000 123123 123321 654321 666666 888888 88888888 66666666
987654321 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qaz2wsx3edc zaq12wsx qazwsx qazwsxedc abc123 abcd1234
abc12345 a123456 a12345678 aa123456 a1234567 123456a 123456aa 123qwe qwe123 asdfgh asdfghjkl
iloveyou admin admin123 admin1234 administrator root toor welcome welcome1 welcome123 letmein
monkey dragon master sunshine princess football baseball shadow superman batman trustno1 whatever
passw0rd p@ssw0rd p@ssword changeme default guest test test123 test1234 user user123 login
woaini woaini1314 woaini520 wo123456 5201314 1314520 520520 521521 7758521 147258369 159357
147258 369258 159753 112233 121212 131313 123654 789456 789456123 456789 1234qwer qwer1234
asdf1234 zxcvbnm zxcvbn asd123 aaaaaa aaaaaaaa abcdef abcdefg abcdefgh 1234abcd 12qwaszx
yuanqu yuanqu123 zhangwei wangwei liwei zhang123 wang123 li123456 beijing shanghai xianyang
xian1234 china123 zhongguo 12345qwert qwert12345 q1w2e3r4 q1w2e3r4t5 1a2b3c4d pass1234 pass123
secret secret123 starwars computer internet michael jennifer jordan23 hunter2 killer charlie
freedom flower hello hello123 hello1234 lovely loveme ninja azerty solo access mustang
`
    .split(/\s+/)
    .filter(Boolean),
);
