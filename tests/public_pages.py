"""One page of every public type in the demo, and the public forms, for the
tests that look at all of them (the browser's accessibility checks, the HTML
validator)."""

PAGES = {
    "home": "/",
    "disclosure platform": "/zfxxgk/",
    "catalogue with filters": "/zfxxgk/catalogue/?unit=lishan&year=2014",
    "unit column": "/zfxxgk/lishan/",
    "unit column, one category": "/zfxxgk/county/?category=wenjian",
    "guide": "/zfxxgk/lishan/guide/",
    "news list": "/news/",
    "news": "/news/news-1/",
    "notice list": "/notices/",
    "standard page": "/about/",
    "interaction": "/hudong/",
    "mailbox": "/hudong/xianzhang/",
    "letter lookup": "/hudong/query/",
    "letter list": "/hudong/letters/",
    "mailbox figures": "/hudong/figures/",
    "survey list": "/hudong/diaocha/",
    "survey": "/hudong/diaocha/xiaoche-2026/",
    "survey, closed, with results": "/hudong/diaocha/laojiu-xiaoqu-gaizao/",
    "interview list": "/hudong/fangtan/",
    "interview, archived": "/hudong/fangtan/2014-sandazhanlue/",
    "interview, upcoming": "/hudong/fangtan/huimin-butie-yikatong/",
    "consultation list": "/hudong/zhengji/",
    "consultation": "/hudong/zhengji/chengqu-tingche-guanli/",
    "consultation feedback": "/hudong/zhengji/2014-cunji-caiwu-gongkai/feedback/",
    "application desk": "/hudong/yisqgk/",
    "application form": "/hudong/yisqgk/apply/lishan/",
    "application lookup": "/hudong/yisqgk/query/",
    "search with results": "/search/?q=补贴",
    "search, nothing found": "/search/?q=没有这样的内容xyz",
}

#: The public forms: (page, the button that submits it), for their error state.
FORMS = {
    "mailbox": ("/hudong/xianzhang/", "提交来信"),
    "letter lookup": ("/hudong/query/", "查询"),
    "survey": ("/hudong/diaocha/xiaoche-2026/", "提交答卷"),
    "application": ("/hudong/yisqgk/apply/lishan/", "提交申请"),
    "interview question": ("/hudong/fangtan/huimin-butie-yikatong/", "提交问题"),
    "consultation comment": ("/hudong/zhengji/chengqu-tingche-guanli/", "提交意见"),
}
