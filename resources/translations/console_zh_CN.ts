<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Accountability</name>
    <message>
        <location filename="../../console/views/supervision/decision_dialog.py" line="+21" />
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1" />
        <source>loses the excellence evaluation</source>
        <translation>取消评优资格</translation>
    </message>
    <message>
        <location line="+1" />
        <source>notice of criticism and penalty</source>
        <translation>通报批评并处罚</translation>
    </message>
    <message>
        <location line="+1" />
        <source>exempt (R-ACC-L)</source>
        <translation>免责（R-ACC-L）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+1" />
        <source>serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+1" />
        <source>critical</source>
        <translation>重大</translation>
    </message>
    <message>
        <location line="+4" />
        <source>retaliation against a complainant or an investigator</source>
        <translation>打击报复投诉人或调查人员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>two or more accountable acts in one year (rolling 12 months)</source>
        <translation>一年内（滚动12个月）两次及以上应追责行为</translation>
    </message>
    <message>
        <location line="+1" />
        <source>obstructing an investigation</source>
        <translation>阻挠调查</translation>
    </message>
    <message>
        <location line="+1" />
        <source>not carrying out a supervision decision</source>
        <translation>不执行督查决定</translation>
    </message>
    <message>
        <location line="+1" />
        <source>apologised, and the customer understands</source>
        <translation>已道歉并取得用户谅解</translation>
    </message>
    <message>
        <location line="+1" />
        <source>prevented the bad outcome</source>
        <translation>避免了不良后果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>corrected, and all or most of the loss recovered</source>
        <translation>已纠正并挽回全部或大部分损失</translation>
    </message>
</context>
<context>
    <name>AccountabilityView</name>
    <message>
        <location filename="../../console/views/supervision/accountability.py" line="+111" />
        <source>From a breached &amp;order…</source>
        <translation>从超时工单立案(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From a &amp;finding…</source>
        <translation>从督查问题立案(&amp;F)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Record &amp;statement…</source>
        <translation>记录陈述申辩(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Add &amp;circumstance…</source>
        <translation>添加情节(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Decide…</source>
        <translation>处理决定(&amp;D)…</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Cases (R-ACC)</source>
        <translation>案件（R-ACC）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Training (R-TRAIN)</source>
        <translation>培训（R-TRAIN）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Managers and admins decide accountability (R-ACC)</source>
        <translation>由经理和管理员作出责任追究决定（R-ACC）</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Managers, admins and inspectors read accountability cases (R-ACC)</source>
        <translation>经理、管理员和督查员可查看责任追究案件（R-ACC）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Could not load cases: {0}</source>
        <translation>无法读取案件：{0}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>{0} cases, {1} undecided, {2} waiting for the statement (R-ACC-S)</source>
        <translation>共 {0} 个案件，{1} 个未决定，{2} 个待陈述申辩（R-ACC-S）</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+25" />
        <location line="+4" />
        <location line="+12" />
        <location line="+4" />
        <location line="+16" />
        <location line="+8" />
        <source>Accountability</source>
        <translation>责任追究</translation>
    </message>
    <message>
        <location line="-58" />
        <source>{0} (provisional — calendar {1} not entered)</source>
        <translation>{0}（暂定——{1} 年日历未录入）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} (provisional — working-day calendar not entered)</source>
        <translation>{0}（暂定——工作日历未录入）</translation>
    </message>
    <message>
        <location line="+10" />
        <source> … and {0} more</source>
        <translation> … 另有 {0} 条</translation>
    </message>
    <message>
        <location line="+4" />
        <source>No breached orders. Provisional, not breaches as fact: {0}. A case opens from them once the working-day calendar of their year is entered (R-TIME-11).</source>
        <translation>没有超时工单。暂定、尚不能认定为超时的：{0}。录入相应年份的工作日历后方可立案（R-TIME-11）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No breached orders.</source>
        <translation>没有超时工单。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Breached order:
(Not offered — provisional, not breaches as fact, until the calendar is entered: {0})</source>
        <translation>超时工单：
（日历录入前不提供——暂定，尚不能认定为超时：{0}）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Accountability (R-TIME-11)</source>
        <translation>责任追究（R-TIME-11）</translation>
    </message>
    <message>
        <location line="+72" />
        <source>Details (optional):</source>
        <translation>详情（可选）：</translation>
    </message>
    <message>
        <location line="-76" />
        <source>Breached order:</source>
        <translation>超时工单：</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Order {0} has no assignee to hold accountable.</source>
        <translation>工单 {0} 没有承办人，无法追责。</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+24" />
        <source>Grounds:</source>
        <translation>追责依据：</translation>
    </message>
    <message>
        <location line="-23" />
        <source>R-TIME-11: order {0} breached its time limit</source>
        <translation>R-TIME-11：工单 {0} 超出时限</translation>
    </message>
    <message>
        <location line="+15" />
        <source>No findings with a responsible person.</source>
        <translation>没有指明责任人的督查问题。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Accountability (R-INSP)</source>
        <translation>责任追究（R-INSP）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Finding:</source>
        <translation>督查问题：</translation>
    </message>
    <message>
        <location line="+18" />
        <location line="+4" />
        <source>Statement (R-ACC-S)</source>
        <translation>陈述申辩（R-ACC-S）</translation>
    </message>
    <message>
        <location line="-4" />
        <source>Did {0} decline to give a statement?</source>
        <translation>{0} 是否拒绝陈述申辩？</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Statement and defence of {0}:</source>
        <translation>{0} 的陈述和申辩：</translation>
    </message>
    <message>
        <location line="+15" />
        <location line="+5" />
        <source>Circumstance</source>
        <translation>情节</translation>
    </message>
    <message>
        <location line="-5" />
        <source>Circumstance:</source>
        <translation>情节：</translation>
    </message>
</context>
<context>
    <name>AlertsModel</name>
    <message>
        <location filename="../../console/views/orders/alerts_model.py" line="+93" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Clock</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Who must act</source>
        <translation>责任方</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Fired</source>
        <translation>触发时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Acknowledged</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+57" />
        <source>Customer unreachable (R-TIME-8)</source>
        <translation>联系不上用户（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} (provisional)</source>
        <translation>{0}（暂定）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Branch head</source>
        <translation>业务负责人</translation>
    </message>
    <message>
        <location line="+8" />
        <source>{0} (recorded by {1})</source>
        <translation>{0}（登记人：{1}）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+22" />
        <source>{0} escalations</source>
        <translation>{0} 次升级</translation>
    </message>
    <message>
        <location line="+6" />
        <source>All</source>
        <translation>全部已确认</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} of {1} open</source>
        <translation>{1} 次中 {0} 次未确认</translation>
    </message>
    <message>
        <location filename="../../console/views/kit/labels.py" line="+146" />
        <source>1 · Assignee</source>
        <translation>1 · 处理人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>2 · Dispatcher</source>
        <translation>2 · 调度员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>3 · Branch leader</source>
        <translation>3 · 分公司经理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>4 · Province</source>
        <translation>4 · 省公司</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Manual (R-FIRST-4)</source>
        <translation>人工升级（R-FIRST-4）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dispatcher on duty</source>
        <translation>值班调度员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Branch leader</source>
        <translation>分公司经理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Provincial supervision</source>
        <translation>省公司督查</translation>
    </message>
    <message>
        <location filename="../../console/views/orders/alerts_model.py" line="-19" />
        <source>Whole order</source>
        <translation>整张工单</translation>
    </message>
    <message>
        <location line="-16" />
        <source>{0} (by {1})</source>
        <translation>{0}（{1} 发起）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0}, {1}</source>
        <translation>{0}，{1}</translation>
    </message>
    <message>
        <location line="+0" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="-1" />
        <source>No</source>
        <translation>未确认</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <location filename="../../console/views/orders/alerts_panel.py" line="+114" />
        <source>&amp;Acknowledge…</source>
        <translation>确认(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>I have seen the selected escalations and act on them: one note for all (Ctrl+Shift+K)</source>
        <translation>我已看到所选升级督办并着手处理：一条备注适用于全部（Ctrl+Shift+K）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Sound</source>
        <translation>提示音</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ring when a new escalation reaches the dispatcher's level or above (saved for this console)</source>
        <translation>新的升级督办达到调度员级别或以上时响铃（本控制台记住此设置）</translation>
    </message>
    <message>
        <location line="+158" />
        <source>Choose who is on duty before acknowledging.</source>
        <translation>确认前请先选择值班人员。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Acknowledge escalations</source>
        <translation>确认升级督办</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Acknowledge {0} escalation(s) of {1} order(s). What do you do about them? (optional, one note for all)</source>
        <translation>确认 {1} 张工单的 {0} 次升级督办。您将如何处理？（可选，一条备注适用于全部）</translation>
    </message>
    <message>
        <location line="-73" />
        <location line="+115" />
        <source>Checked at {0}</source>
        <translation>已于 {0} 检查</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Escalation check failed: {0}</source>
        <translation>升级督办检查失败：{0}</translation>
    </message>
    <message>
        <location line="+53" />
        <source>Acknowledged: {0} escalation(s)</source>
        <translation>已确认：{0} 次升级督办</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}; {1} left out: {2}</source>
        <translation>{0}；{1} 次未确认：{2}</translation>
    </message>
    <message>
        <location line="+65" />
        <source>Unacknowledged escalations: {0} of {1} order(s)</source>
        <translation>未确认的升级督办：{1} 张工单共 {0} 次</translation>
    </message>
    <message>
        <location line="-52" />
        <source>{0}: order {1} — {2}</source>
        <translation>{0}：工单 {1} — {2}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Urgent escalation</source>
        <translation>紧急升级督办</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} urgent escalations</source>
        <translation>{0} 条紧急升级督办</translation>
    </message>
    <message>
        <location line="+38" />
        <source>No unacknowledged escalations</source>
        <translation>没有未确认的升级督办</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../console/views/shell/app.py" line="+40" />
        <source>Branch console</source>
        <translation>分公司工作台</translation>
    </message>
    <message>
        <location line="+126" />
        <location line="+49" />
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location line="-47" />
        <location line="+62" />
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>Ask</name>
    <message>
        <location filename="../../console/views/kit/ask.py" line="+44" />
        <source>Please write the text: it is required.</source>
        <translation>请填写内容：此项为必填。</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Until:</source>
        <translation>至：</translation>
    </message>
</context>
<context>
    <name>AssessmentView</name>
    <message>
        <location filename="../../console/views/assessment/districts.py" line="+148" />
        <source>All branches</source>
        <translation>全部分公司</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Could not read the branches: {0}</source>
        <translation>无法读取分公司列表：{0}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} (so far)</source>
        <translation>{0}（截至今日）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>R-ZONE-3: districts are assessed monthly and summarised yearly</source>
        <translation>R-ZONE-3：片区按月考核、按年汇总</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Districts</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Maintainers</source>
        <translation>维护员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Branches</source>
        <translation>分公司</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Show</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Who serves…</source>
        <translation>服务人员(&amp;W)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The selected district's servant, its published changes, and the change (R-ZONE-5)</source>
        <translation>所选片区的服务人员、已公布的变更及变更操作（R-ZONE-5）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>District &amp;changes…</source>
        <translation>片区变更(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every published change of who serves a district (R-ZONE-5)</source>
        <translation>所有已公布的片区服务人员变更（R-ZONE-5）</translation>
    </message>
    <message>
        <location line="+16" />
        <source>&amp;Up</source>
        <translation>返回上级(&amp;U)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Back to the rows this drill-down started from (Alt+Left)</source>
        <translation>回到本次下钻之前的列表（Alt+←）</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Branch:</source>
        <translation>分公司：</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Show:</source>
        <translation>查看：</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Trend of:</source>
        <translation>趋势指标：</translation>
    </message>
    <message>
        <location line="+74" />
        <source>Computing the scorecards of {0}…</source>
        <translation>正在计算 {0} 的考核成绩…</translation>
    </message>
    <message>
        <location line="+12" />
        <location line="+24" />
        <source>Could not compute the scorecards: {0}</source>
        <translation>无法计算考核成绩：{0}</translation>
    </message>
    <message>
        <location line="-6" />
        <source>Computing the yearly summary of {0}…</source>
        <translation>正在计算 {0} 年度汇总…</translation>
    </message>
    <message>
        <location line="+19" />
        <source>{0}: no orders, callbacks or complaints to assess.</source>
        <translation>{0}：没有可考核的工单、回访或投诉。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: {1} districts, {2} maintainers. Double-click a number for the orders behind it.</source>
        <translation>{0}：{1} 个片区，{2} 名维护员。双击数字可查看对应的工单。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Double-click a branch's name for its districts, a district's for its maintainer.</source>
        <translation>双击分公司名称查看其片区，双击片区名称查看其维护员。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} orders are provisional: their due falls in a year whose working-day calendar is not entered, so they are neither on time nor breached.</source>
        <translation>{0} 张工单为暂定：其时限落在尚未录入工作日历的年份，既不算按时也不算超时。</translation>
    </message>
    <message>
        <location line="+95" />
        <source>{0} (year)</source>
        <translation>{0}（全年）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}: {1}, {2} by month</source>
        <translation>{0}：{1}，{2} 年逐月</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: {1}, last 12 months</source>
        <translation>{0}：{1}，近 12 个月</translation>
    </message>
    <message>
        <location line="+28" />
        <location line="+14" />
        <source>Could not list the orders: {0}</source>
        <translation>无法列出工单：{0}</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Choose a district (Show: Districts) to see who serves it.</source>
        <translation>请先选择一个片区（显示：片区），再查看其服务人员。</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Export the yearly summary</source>
        <translation>导出年度汇总</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+13" />
        <source>The yearly summary of {0} is saved: {1}</source>
        <translation>{0} 年度汇总已保存：{1}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The yearly summary was not saved: {0}</source>
        <translation>年度汇总未保存：{0}</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../console/views/orders/assign_dialog.py" line="+47" />
        <source>Assign order</source>
        <translation>派单</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Maintainer</source>
        <translation>维护员</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Open orders</source>
        <translation>在办工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Households served (R-ZONE-1)</source>
        <translation>服务户数（R-ZONE-1）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Required when the order already has another maintainer</source>
        <translation>改派（工单已有其他维护员）时必填</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Assign</source>
        <translation>派单(&amp;A)</translation>
    </message>
    <message>
        <location line="+32" />
        <source>The candidates cannot be read: {0}. Try again once the database is back.</source>
        <translation>无法读取候选维护员：{0}。请在数据库恢复后重试。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>{0} · district {1}: {2} households (norm {3} per maintainer)</source>
        <translation>{0} · 片区 {1}：{2} 户（标准：每名维护员 {3} 户）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>district maintainer</source>
        <translation>片区维护员</translation>
    </message>
    <message>
        <location line="+2" />
        <source>current assignee</source>
        <translation>当前承办人</translation>
    </message>
    <message>
        <location line="+2" />
        <source>over 120 % of the norm</source>
        <translation>超过标准的 120 %</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Pick a maintainer.</source>
        <translation>请选择维护员。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Assigning…</source>
        <translation>正在派单…</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Not assigned: {0}. Your choice is kept: press OK again once the database is back.</source>
        <translation>未派单：{0}。已保留您的选择：数据库恢复后请再次点击“派单”。</translation>
    </message>
</context>
<context>
    <name>AttendanceDialog</name>
    <message>
        <location filename="../../console/views/supervision/training.py" line="+198" />
        <source>Attendees: {0}</source>
        <translation>参训人员：{0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}, {1}, trainer {2}. A score of {3} or more passes unless you set the result.</source>
        <translation>{0}，{1}，培训讲师 {2}。成绩达到 {3} 分及以上即为合格，另行设置结果的除外。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Score (0–100)</source>
        <translation>成绩（0–100）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Add attendee</source>
        <translation>添加参训人员(&amp;A)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Remove attendee</source>
        <translation>移除参训人员(&amp;R)</translation>
    </message>
    <message>
        <location line="+30" />
        <source>0–100</source>
        <translation>0–100</translation>
    </message>
    <message>
        <location line="+2" />
        <source>by the score</source>
        <translation>按成绩</translation>
    </message>
    <message>
        <location line="+0" />
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location line="+0" />
        <source>failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Set passed or failed only when the trainer decided against the score</source>
        <translation>仅当培训讲师的判定与成绩不符时，才设置合格或不合格</translation>
    </message>
    <message>
        <location line="+31" />
        <source>The score of {0} must be a whole number from 0 to 100, not “{1}”.</source>
        <translation>{0} 的成绩必须是 0 到 100 的整数，而不是“{1}”。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Add at least one attendee.</source>
        <translation>请至少添加一名参训人员。</translation>
    </message>
</context>
<context>
    <name>AttendeeModel</name>
    <message>
        <location line="-161" />
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Score</source>
        <translation>成绩</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+4" />
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location line="+0" />
        <source>failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Set by the trainer (the score alone would say otherwise)</source>
        <translation>由培训人员设定（与按成绩判定的结果不同）</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../console/views/admin/audit_dialog.py" line="+59" />
        <location line="+53" />
        <source>Audit chain</source>
        <translation>审计链</translation>
    </message>
    <message>
        <location line="-51" />
        <source>Every change in the console is an audit row chained to the one before it by a SHA-256 hash (R-ACC, R-INSP). Verifying recomputes every hash: a row changed, removed or inserted afterwards is named. Save the head and keep it outside the database: a later check against it also catches removed newest rows.</source>
        <translation>本系统中的每一次修改都记为一条审计记录，并通过 SHA-256 哈希与前一条记录相链接（R-ACC、R-INSP）。校验时重新计算每个哈希：事后被修改、删除或插入的记录都会被指出。请保存链头并存放在数据库之外：日后据此核对，还能发现被删除的最新记录。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>&amp;Verify again</source>
        <translation>重新校验(&amp;V)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Save head…</source>
        <translation>保存链头(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Write the verified head (rows, last row, hash, time) to a file the manager keeps outside the database; a .jsonl file is appended to</source>
        <translation>将已校验的链头（记录数、最后一条记录、哈希、时间）写入由经理在数据库之外保管的文件；若选择 .jsonl 文件则追加写入</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+52" />
        <source>Verifying the audit chain…</source>
        <translation>正在校验审计链…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>You can close this window; the check stops.</source>
        <translation>可关闭此窗口；关闭后校验即停止。</translation>
    </message>
    <message>
        <location line="+36" />
        <source>intact ({0} rows, head {1})</source>
        <translation>完整（{0} 条记录，链头 {1}）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every row still gives its stored hash and links to the row before it.</source>
        <translation>每条记录仍与其保存的哈希一致，并与前一条记录相链接。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Broken at row {0}</source>
        <translation>第 {0} 条记录处断链</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} broken rows, the first at row {1}</source>
        <translation>{0} 条记录断链，首处为第 {1} 条</translation>
    </message>
    <message>
        <location line="+5" />
        <source>That row records {0} on {1} at {2} China time{3}.</source>
        <translation>该记录为北京时间 {2} 对 {1} 的 {0} 操作{3}。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>, by {0}</source>
        <translation>，操作人 {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every broken row:</source>
        <translation>全部断链记录：</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} rows before it are intact. Keep this database as it is and tell the provincial inspectors.</source>
        <translation>此前 {0} 条记录完整。请保持数据库原样，并报告省公司督查员。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>The audit chain could not be verified</source>
        <translation>无法校验审计链</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Save the audit head</source>
        <translation>保存审计链头</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Head saved to {0}. Keep it outside the database: 'branch-console audit verify --head FILE' checks against it.</source>
        <translation>链头已保存到 {0}。请存放在数据库之外：可用 'branch-console audit verify --head FILE' 据此核对。</translation>
    </message>
</context>
<context>
    <name>Band</name>
    <message>
        <location filename="../../console/views/kit/band_style.py" line="+11" />
        <source>On track</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1" />
        <source>50%+ used</source>
        <translation>已用 50%+</translation>
    </message>
    <message>
        <location line="+1" />
        <source>80%+ at risk</source>
        <translation>80%+ 临近超时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Breached</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Waiting</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Paused</source>
        <translation>暂停计时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Less than 50 % of the time limit used</source>
        <translation>已用时限不足 50%</translation>
    </message>
    <message>
        <location line="+1" />
        <source>50–80 % of the time limit used</source>
        <translation>已用时限 50–80%</translation>
    </message>
    <message>
        <location line="+1" />
        <source>80–100 % of the time limit used: act now</source>
        <translation>已用时限 80–100%：请立即处理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Past the time limit (R-TIME, feeds R-ACC)</source>
        <translation>已超过时限（R-TIME，纳入责任追究 R-ACC）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Waiting for the customer's materials: the clock has not started (R-TIME-0)</source>
        <translation>等待用户补交材料：尚未开始计时（R-TIME-0）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Clock paused</source>
        <translation>已暂停计时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No time limit for this kind</source>
        <translation>此类工单无时限</translation>
    </message>
</context>
<context>
    <name>CalendarBanner</name>
    <message>
        <location filename="../../console/views/shell/calendar_banner.py" line="+53" />
        <source>Enter the calendar…</source>
        <translation>录入日历…</translation>
    </message>
    <message>
        <location line="+25" />
        <source>{0} working-day calendar not entered — deadlines after {1} are provisional</source>
        <translation>{0} 年工作日日历未录入 — {1} 之后的时限为暂定</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Working-day time limits (R-TIME-3 to R-TIME-6) that reach {0} are counted Monday–Friday until the State Council's {0} holiday notice is entered.</source>
        <translation>在录入国务院 {0} 年节假日安排通知之前，涉及 {0} 年的按工作日计算的时限（R-TIME-3 至 R-TIME-6）按周一至周五计算。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Open the working-day calendar at {0}</source>
        <translation>打开 {0} 年工作日日历</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <location filename="../../console/views/admin/calendar_dialog.py" line="+178" />
        <source>Working-day calendar</source>
        <translation>工作日日历</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Year:</source>
        <translation>年份：</translation>
    </message>
    <message>
        <location line="+31" />
        <location line="+122" />
        <source>Public holiday</source>
        <translation>法定节假日</translation>
    </message>
    <message>
        <location line="-120" />
        <source>Adjusted working day (weekend worked)</source>
        <translation>调休上班日（周末上班）</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+120" />
        <source>Weekend</source>
        <translation>周末</translation>
    </message>
    <message>
        <location line="-119" />
        <source>Working day</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+150" />
        <source>Click a day to see or change it.</source>
        <translation>点击日期可查看或修改。</translation>
    </message>
    <message>
        <location line="-146" />
        <location line="+147" />
        <source>&amp;Toggle selected day…</source>
        <translation>切换所选日期(&amp;T)…</translation>
    </message>
    <message>
        <location line="-82" />
        <source>{0}: could not be read: {1}</source>
        <translation>{0} 年：读取失败：{1}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>{0}: official calendar entered — {1} holidays, {2} adjusted working days</source>
        <translation>{0} 年：已录入官方日历 — {1} 天节假日，{2} 天调休上班日</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Correct year from notice…</source>
        <translation>按放假通知更正本年(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: not entered — working-day deadlines in {0} are provisional (Monday–Friday assumed)</source>
        <translation>{0} 年：未录入 — {0} 年按工作日计算的时限为暂定（按周一至周五计算）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Enter year from notice…</source>
        <translation>按放假通知录入本年(&amp;E)…</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Adjusted working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location line="+40" />
        <source>public holiday</source>
        <translation>法定节假日</translation>
    </message>
    <message>
        <location line="+0" />
        <source>adjusted working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location line="+1" />
        <source>weekend</source>
        <translation>周末</translation>
    </message>
    <message>
        <location line="+0" />
        <source>working day</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0} {1}: {2} (not entered: Monday–Friday assumed)</source>
        <translation>{1} {0}：{2}（未录入：按周一至周五计算）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} {1}: {2} — {3}</source>
        <translation>{1} {0}：{2} — {3}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} {1}: {2}</source>
        <translation>{1} {0}：{2}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Make it a day &amp;off…</source>
        <translation>设为休息日(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Make it a &amp;working day…</source>
        <translation>设为工作日(&amp;W)…</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Saving — recomputing the deadlines of open and provisional orders…</source>
        <translation>正在保存——重新计算未结工单和暂定工单的时限…</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Saving — recomputing the deadlines of open and provisional orders… {0}%</source>
        <translation>正在保存——重新计算未结工单和暂定工单的时限… {0}%</translation>
    </message>
    <message numerus="yes">
        <location line="+11" />
        <source>Saved: %n order(s) recomputed (open orders and provisional verdicts).</source>
        <translation>
            <numerusform>已保存：重新计算了 %n 张工单（未结工单和暂定判定）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9" />
        <source>Nothing was saved: {0}. Try again once the database is back.</source>
        <translation>未保存任何内容：{0}。请在数据库恢复后重试。</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+2" />
        <source>Nothing was saved: {0}</source>
        <translation>未保存任何内容：{0}</translation>
    </message>
</context>
<context>
    <name>CalendarMarks</name>
    <message>
        <location line="-412" />
        <source>H</source>
        <translation>休</translation>
    </message>
    <message>
        <location line="+1" />
        <source>W</source>
        <translation>班</translation>
    </message>
</context>
<context>
    <name>CallbackModel</name>
    <message>
        <location filename="../../console/views/callbacks/workbench.py" line="+83" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Completed</source>
        <translation>办结时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Callback due</source>
        <translation>回访时限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Calls</source>
        <translation>拨打次数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tried (no answer)</source>
        <translation>未接通时段</translation>
    </message>
    <message>
        <location line="+2" />
        <source>morning</source>
        <translation>上午</translation>
    </message>
    <message>
        <location line="+0" />
        <source>afternoon</source>
        <translation>下午</translation>
    </message>
    <message>
        <location line="+1" />
        <source>evening</source>
        <translation>晚上</translation>
    </message>
    <message>
        <location line="+86" />
        <source>R-VISIT-1/2: every callback within 72 hours of completion</source>
        <translation>R-VISIT-1/2：每次回访须在办结后 72 小时内完成</translation>
    </message>
    <message>
        <location line="+5" />
        <source>overdue {0}</source>
        <translation>已超时 {0}</translation>
    </message>
</context>
<context>
    <name>CallbackResultDialog</name>
    <message>
        <location filename="../../console/views/callbacks/result_dialog.py" line="+49" />
        <source>Callback result</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback result: order {0}</source>
        <translation>回访结果：工单 {0}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;1 Very satisfied</source>
        <translation>非常满意(&amp;1)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;2 Satisfied</source>
        <translation>满意(&amp;2)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;3 Neutral</source>
        <translation>一般(&amp;3)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;4 Dissatisfied</source>
        <translation>不满意(&amp;4)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;5 Very dissatisfied</source>
        <translation>非常不满意(&amp;5)</translation>
    </message>
    <message>
        <location line="+16" />
        <source>&amp;0 No answer</source>
        <translation>无人接听(&amp;0)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Open a follow-up order linked to {0} (R-VISIT-3)</source>
        <translation>生成与 {0} 关联的跟进工单（R-VISIT-3）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Open a follow-up order linked to this order (R-VISIT-3)</source>
        <translation>生成与本工单关联的跟进工单（R-VISIT-3）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A problem found always opens one; for a dissatisfied answer, untick it if no follow-up is needed</source>
        <translation>发现问题时必须生成跟进工单；用户不满意时，如无需跟进可取消勾选</translation>
    </message>
    <message>
        <location line="+3" />
        <source>What the customer said; for a follow-up order, the problem (R-VISIT-3)</source>
        <translation>用户的反馈；如生成跟进工单，请写明问题（R-VISIT-3）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Satisfaction:</source>
        <translation>满意度：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not reached:</source>
        <translation>未接通：</translation>
    </message>
    <message>
        <location line="+65" />
        <source>Choose how satisfied the customer is, or "not reached".</source>
        <translation>请选择用户的满意度，或选择“未接通”。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Write what the customer is not satisfied with: the follow-up order needs it (R-VISIT-3).</source>
        <translation>请写明用户不满意的地方：跟进工单需要这项内容（R-VISIT-3）。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Write the problem the customer still has: the follow-up order needs it (R-VISIT-3).</source>
        <translation>请写明用户仍未解决的问题：跟进工单需要这项内容（R-VISIT-3）。</translation>
    </message>
    <message>
        <location line="-84" />
        <source>The problem is solved</source>
        <translation>问题已解决</translation>
    </message>
    <message>
        <location line="+18" />
        <source>&amp;Comment:</source>
        <translation>备注(&amp;C)：</translation>
    </message>
</context>
<context>
    <name>CallbackWorkbench</name>
    <message>
        <location filename="../../console/views/callbacks/workbench.py" line="+28" />
        <source>Order number, phone or customer (Ctrl+Shift+F)</source>
        <translation>工单号、电话或用户名（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>When the call was made (China time): now, unless you change it</source>
        <translation>回访电话的时间（北京时间）：未修改时即为保存时刻</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+165" />
        <source>(now)</source>
        <translation>（当前时间）</translation>
    </message>
    <message>
        <location line="-164" />
        <source>N&amp;ow</source>
        <translation>当前时间(&amp;O)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The call time back to now: the moment the call is saved</source>
        <translation>回访时间恢复为当前时间：即保存的时刻</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Reached…</source>
        <translation>已接通(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;No answer</source>
        <translation>无人接听(&amp;N)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Wrong number</source>
        <translation>号码错误(&amp;W)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Close &amp;unreachable…</source>
        <translation>按无法联系关闭(&amp;U)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Allowed after failed calls in the morning (before 12:00), afternoon (12:00–18:00) and evening (after 18:00), with a reason</source>
        <translation>上午（12:00 前）、下午（12:00–18:00）、晚上（18:00 后）均拨打未通后，填写原因即可关闭</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Call time:</source>
        <translation>拨打时间：</translation>
    </message>
    <message>
        <location line="+52" />
        <source>Could not load callbacks: {0}</source>
        <translation>无法加载回访：{0}</translation>
    </message>
    <message>
        <location line="+22" />
        <source>{0} callbacks owed, {1} overdue</source>
        <translation>待回访 {0} 件，其中超时 {1} 件</translation>
    </message>
    <message>
        <location line="+2" />
        <source>; {0} found for “{1}”</source>
        <translation>；按“{1}”找到 {0} 条</translation>
    </message>
    <message>
        <location line="+69" />
        <source>(as set)</source>
        <translation>（已手动设置）</translation>
    </message>
    <message>
        <location line="+20" />
        <source>The call time {0} is in the future. Set the time the call was made, or press “Now”.</source>
        <translation>回访时间 {0} 晚于当前时间。请填写实际通话的时间，或按“当前时间”。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The call time {0} is before order {1} was completed ({2}). Set a later time, or press “Now”.</source>
        <translation>回访时间 {0} 早于工单 {1} 的办结时间（{2}）。请填写更晚的时间，或按“当前时间”。</translation>
    </message>
    <message>
        <location line="+65" />
        <location line="+25" />
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="-14" />
        <source>Not saved yet, waiting for the database: {0}</source>
        <translation>尚未保存，正在等待数据库：{0}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>the callback of order {0}</source>
        <translation>工单 {0} 的回访</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Callback attempt on order {0}</source>
        <translation>工单 {0} 的回访拨打</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Follow-up order {0} opened for {1} (R-VISIT-3)</source>
        <translation>已为工单 {1} 生成跟进工单 {0}（R-VISIT-3）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Callback result on order {0}</source>
        <translation>工单 {0} 的回访结果</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Close as unreachable</source>
        <translation>按无法联系关闭</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why can the customer of {0} not be reached?</source>
        <translation>为什么无法联系工单 {0} 的用户？</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Close callback of order {0} as unreachable</source>
        <translation>将工单 {0} 的回访按无法联系关闭</translation>
    </message>
</context>
<context>
    <name>CaseModel</name>
    <message>
        <location filename="../../console/views/supervision/accountability.py" line="-265" />
        <source>Opened</source>
        <translation>立案日期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Person</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Grounds</source>
        <translation>追责事由</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Statement (R-ACC-S)</source>
        <translation>陈述申辩（R-ACC-S）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Aggravating (R-ACC-H)</source>
        <translation>从重情节（R-ACC-H）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Mitigating (R-ACC-L)</source>
        <translation>从轻情节（R-ACC-L）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Decided</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <location line="+2" />
        <source>R-ACC-S: the person's statement and defence are heard and recorded before a decision</source>
        <translation>R-ACC-S：作出决定前，须听取并记录当事人的陈述和申辩</translation>
    </message>
    <message>
        <location line="+2" />
        <source>R-ACC-H: retaliation, two or more accountable acts in one year, obstruction, not executing a supervision decision</source>
        <translation>R-ACC-H：打击报复、一年内两次及以上被追责、阻挠调查、不执行督查决定</translation>
    </message>
    <message>
        <location line="+2" />
        <source>R-ACC-L: apologised and the customer understands, prevented the bad outcome, corrected and recovered the loss</source>
        <translation>R-ACC-L：已道歉并取得用户谅解、避免了不良后果、已纠正并挽回损失</translation>
    </message>
    <message>
        <location line="+8" />
        <source>order {0} (provisional — calendar not entered)</source>
        <translation>工单 {0}（暂定——日历未录入）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>order {0}</source>
        <translation>工单 {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>finding {0}</source>
        <translation>督查问题 {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>declined to give one</source>
        <translation>拒绝陈述</translation>
    </message>
    <message>
        <location line="+0" />
        <source>not heard yet</source>
        <translation>尚未听取</translation>
    </message>
    <message>
        <location line="+4" />
        <source>undecided</source>
        <translation>待决定</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <location filename="../../console/views/shell/dashboard.py" line="+124" />
        <source>Person</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Order / finding</source>
        <translation>工单 / 督查问题</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Opened</source>
        <translation>立案时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Grounds</source>
        <translation>事由</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Statement</source>
        <translation>陈述</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The person's statement and defence, heard before a decision (R-ACC-S)</source>
        <translation>当事人的陈述和申辩，在作出决定前听取（R-ACC-S）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>heard</source>
        <translation>已听取</translation>
    </message>
    <message>
        <location line="+0" />
        <source>not heard yet</source>
        <translation>尚未听取</translation>
    </message>
</context>
<context>
    <name>ChangeServantDialog</name>
    <message>
        <location filename="../../console/views/assessment/servants.py" line="+69" />
        <source>Change who serves the district (R-ZONE-5)</source>
        <translation>变更片区服务人员（R-ZONE-5）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Reading the district…</source>
        <translation>正在读取片区…</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Why the district changes hands (published with the change)</source>
        <translation>片区变更服务人员的原因（随变更一并公布）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Keep the maintainer's current photo</source>
        <translation>保留维护员现有照片</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Choose a new &amp;photo (PNG)…</source>
        <translation>选择新照片(&amp;P)（PNG）…</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&amp;Maintainer:</source>
        <translation>维护员(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Service phone:</source>
        <translation>服务电话(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>S&amp;upervision phone:</source>
        <translation>监督电话(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Serves &amp;from:</source>
        <translation>起始日期(&amp;F)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Photo:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <location line="+9" />
        <source>&amp;Publish the change</source>
        <translation>公布变更(&amp;P)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Could not read the district: {0}</source>
        <translation>无法读取片区：{0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0}: nobody serves it now.</source>
        <translation>{0}：目前无人服务。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: served by {1} ({2}) since {3}; service phone {4}, supervision phone {5}.</source>
        <translation>{0}：自 {3} 起由 {1}（{2}）服务；服务电话 {4}，监督电话 {5}。</translation>
    </message>
    <message>
        <location line="+16" />
        <source>The maintainer's photo</source>
        <translation>维护员照片</translation>
    </message>
    <message>
        <location line="+0" />
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Could not read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>{0} is not a PNG image: the photo stays as it was.</source>
        <translation>{0} 不是 PNG 图片：照片保持不变。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>New photo: {0}</source>
        <translation>新照片：{0}</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New photo</source>
        <translation>新照片</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Choose the maintainer who serves the district.</source>
        <translation>请选择服务该片区的维护员。</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Nothing was saved: {0}</source>
        <translation>未保存任何内容：{0}</translation>
    </message>
</context>
<context>
    <name>ConnectionWatch</name>
    <message>
        <location filename="../../console/views/kit/connection.py" line="+162" />
        <source>the database did not answer</source>
        <translation>数据库无响应</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Not done: {0} was discarded while the database was unreachable; nothing was saved</source>
        <translation>未完成：{0} 已在数据库无法连接期间被放弃；未保存任何内容</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}: the connection broke while it was being saved, so it may have been saved; check the record once the database is back</source>
        <translation>{0}：保存过程中连接中断，可能已经保存；请在数据库恢复后核对记录</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Saved after the database came back: {0}</source>
        <translation>数据库恢复后已保存：{0}</translation>
    </message>
    <message>
        <location line="+13" />
        <source> (the connection broke while it was first being saved, so it may have been saved then: check the record)</source>
        <translation> （首次保存时连接中断，当时可能已经保存：请核对记录）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not done: {0}: {1}</source>
        <translation>未完成：{0}：{1}</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <location filename="../../console/views/callbacks/coverage.py" line="+61" />
        <source>&amp;Show</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Branch</source>
        <translation>分公司</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Owed</source>
        <translation>应回访</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Done on time</source>
        <translation>按时回访</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Late</source>
        <translation>超时回访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Missing</source>
        <translation>漏访</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Unreachable</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Pending</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Coverage (target 100 %)</source>
        <translation>回访率（目标 100 %）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mean satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Problems found</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Completed from</source>
        <translation>办结日期从</translation>
    </message>
    <message>
        <location line="+0" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+24" />
        <source>The period ends before it starts.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Could not compute coverage: {0}</source>
        <translation>无法计算回访率：{0}</translation>
    </message>
    <message>
        <location line="+28" />
        <source>(all districts)</source>
        <translation>（全部片区）</translation>
    </message>
    <message>
        <location line="+16" />
        <source>{0} – {1}: coverage {2} of the 100 % target; {3} missing, {4} unreachable, {5} problems found</source>
        <translation>{0} – {1}：回访率 {2}（目标 100 %）；漏访 {3}，无法联系 {4}，发现问题 {5}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} – {1}: no callbacks owed</source>
        <translation>{0} – {1}：没有应回访的工单</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Callback coverage and satisfaction per week (R-VISIT-4)</source>
        <translation>每周回访率与满意度（R-VISIT-4）</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+22" />
        <source>Coverage %</source>
        <translation>回访率 %</translation>
    </message>
    <message>
        <location line="-21" />
        <source>Satisfaction (1–5)</source>
        <translation>满意度（1–5）</translation>
    </message>
    <message>
        <location line="+26" />
        <location line="+2" />
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
</context>
<context>
    <name>CustomerHitModel</name>
    <message>
        <location filename="../../console/views/orders/customer_search.py" line="+63" />
        <source>Important customer ({0}): highest priority (R-TIME-9)</source>
        <translation>重要客户（{0}）：最高优先级（R-TIME-9）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Account cancelled</source>
        <translation>账户已注销</translation>
    </message>
</context>
<context>
    <name>CustomerSearch</name>
    <message>
        <location line="+45" />
        <source>Phone, account number, name or address…</source>
        <translation>电话、账号、姓名或地址…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Type to search; Up/Down choose, Enter picks the account</source>
        <translation>输入即可搜索；上/下键选择，Enter 选定账户</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Loading accounts…</source>
        <translation>正在加载账户…</translation>
    </message>
    <message>
        <location line="+13" />
        <source>The accounts could not be read: {0}</source>
        <translation>无法读取账户：{0}</translation>
    </message>
    <message>
        <location line="+19" />
        <source>{0} accounts: type a phone, account number, name or address</source>
        <translation>共 {0} 个账户：请输入电话、账号、姓名或地址</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No account matches “{0}” (a walk-in has no account)</source>
        <translation>没有与“{0}”匹配的账户（散客没有账户）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Best {0} matches shown: keep typing to narrow</source>
        <translation>显示最匹配的 {0} 个：继续输入可缩小范围</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Matching accounts: {0}</source>
        <translation>匹配的账户：{0}</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../console/views/shell/dashboard.py" line="+77" />
        <source>Urgent now</source>
        <translation>当前紧急事项</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Extensions to decide (R-TIME-10)</source>
        <translation>待审批延期（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Re&amp;ject…</source>
        <translation>驳回(&amp;J)…</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Assessment this month (R-ZONE-3)</source>
        <translation>本月考核（R-ZONE-3）</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Open cases (R-ACC)</source>
        <translation>未结案件（R-ACC）</translation>
    </message>
    <message>
        <location line="+12" />
        <source>This month's exemptions (R-TIME-8)</source>
        <translation>本月免责（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Orders counted as completed within the limit because the customer could not be reached, with the reason filed to the branch head (R-TIME-8)</source>
        <translation>因联系不上用户而按时限内办结计的工单，及报送业务负责人的原因（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Extension requests waiting for a leader's decision (R-TIME-10)</source>
        <translation>等待领导审批的延期申请（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This month's district assessment of the branch (R-ZONE-3)</source>
        <translation>本分公司本月片区考核（R-ZONE-3）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accountability cases of the branch not decided yet (R-ACC)</source>
        <translation>本分公司尚未作出决定的责任追究案件（R-ACC）</translation>
    </message>
    <message>
        <location line="+34" />
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+86" />
        <source>{0} request(s) waiting.</source>
        <translation>{0} 项申请待审批。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No extension request is waiting.</source>
        <translation>没有待审批的延期申请。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Your role does not read accountability cases.</source>
        <translation>您的角色不能查看责任追究案件。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>{0} open, {1} not heard yet (R-ACC-S).</source>
        <translation>{0} 件未结，{1} 件尚未听取陈述（R-ACC-S）。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No open case.</source>
        <translation>没有未结案件。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>{0}: {1} exemption(s), {2} not acknowledged by the head.</source>
        <translation>{0}：免责 {1} 件，其中 {2} 件负责人尚未确认。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: no exemption this month.</source>
        <translation>{0}：本月没有免责。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} has no active manager and nobody named to stand in: an administrator must name who stands in for the branch head (R-TIME-8).</source>
        <translation>{0}没有在职经理，也没有指定代理人：须由管理员指定业务负责人的代理人（R-TIME-8）。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Reading this month's assessment…</source>
        <translation>正在读取本月考核…</translation>
    </message>
    <message>
        <location line="+14" />
        <source>{0} (so far)</source>
        <translation>{0}（截至今日）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: nothing assessed yet this month.</source>
        <translation>{0}：本月尚无考核数据。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}: branch score {1}; {2} of {3} district(s) ranked.</source>
        <translation>{0}：分公司得分 {1}；{3} 个片区中 {2} 个已排名。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>First: {0}.</source>
        <translation>第一名：{0}。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Managers and admins decide extensions (R-TIME-10)</source>
        <translation>延期由经理和管理员审批（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Approve the extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Reject the extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Approve the extension of order {0}: due {1} instead of {2}?</source>
        <translation>批准工单 {0} 的延期：时限由 {2} 改为 {1}？</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Why is the extension of order {0} rejected?</source>
        <translation>驳回工单 {0} 延期的理由？</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Order {0}: extension approved, due {1}.</source>
        <translation>工单 {0}：延期已批准，时限 {1}。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Order {0}: extension rejected.</source>
        <translation>工单 {0}：延期已驳回。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Order {0}: not done: {1}</source>
        <translation>工单 {0}：未完成：{1}</translation>
    </message>
</context>
<context>
    <name>DatabaseBanner</name>
    <message>
        <location filename="../../console/views/shell/db_banner.py" line="+45" />
        <source>&amp;Retry now</source>
        <translation>立即重试(&amp;R)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Discard waiting</source>
        <translation>放弃待保存操作(&amp;D)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Give up the actions waiting for the database: they are not saved</source>
        <translation>放弃正在等待数据库的操作：这些操作不会保存</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Discard waiting actions</source>
        <translation>放弃待保存操作</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Give up {0} action(s) that could not be saved? They will not be done.</source>
        <translation>放弃 {0} 项未能保存的操作？放弃后这些操作将不会执行。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>The database cannot be reached (since {0}): {1}</source>
        <translation>无法连接数据库（自 {0} 起）：{1}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Trying to reconnect…</source>
        <translation>正在尝试重新连接…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Next try in {0} s (try {1}). You can keep working with what is on screen; nothing is shown as saved until it is.</source>
        <translation>{0} 秒后重试（第 {1} 次）。可继续使用屏幕上的内容；保存成功之前，不会显示为已保存。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Waiting to be saved ({0}): {1}</source>
        <translation>等待保存（{0}）：{1}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>The database answers again; the console has reloaded.</source>
        <translation>数据库已恢复连接，工作台已重新加载。</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../console/views/supervision/decision_dialog.py" line="+36" />
        <source>Decide case #{0} (R-ACC)</source>
        <translation>处理案件 #{0}（R-ACC）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>declined to give one (recorded)</source>
        <translation>拒绝陈述（已记录）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not heard yet. R-ACC-S: the person's statement and defence are heard and recorded (or their refusal noted) before a decision: record the statement first.</source>
        <translation>尚未听取陈述。R-ACC-S：作出处理决定前须听取并记录当事人的陈述和申辩（或记录其拒绝陈述）：请先记录陈述。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Provisional: the breach of order {0} rests on a working-day calendar year not entered, so it is not a breach as fact. Enter the calendar, then decide (R-TIME-11).</source>
        <translation>暂定：工单 {0} 的超时所依据的某一年工作日历尚未录入，尚不能认定为超时。请先录入日历，再作处理（R-TIME-11）。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>R-ACC-H counts acts in a rolling year: the 12 months up to the day this case was opened ({0} to {1}), not a calendar year, so that two acts weeks apart across 31 December still count as two acts in one year. Cases decided exempt do not count.</source>
        <translation>R-ACC-H 按滚动一年计算：截至本案立案当日的12个月（{0} 至 {1}），而非自然年，因此跨越12月31日、相隔数周的两次行为仍算作一年内两次。决定免责的案件不计入。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>R-ACC-H: a second accountable act within 12 months (cases {0})</source>
        <translation>R-ACC-H：12个月内第二次应追责行为（案件 {0}）</translation>
    </message>
    <message>
        <location line="+15" />
        <source>{0} (suggested)</source>
        <translation>{0}（建议）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Reasons for the decision (kept in the audit trail)</source>
        <translation>处理理由（记入审计记录）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Person:</source>
        <translation>当事人：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Grounds:</source>
        <translation>追责依据：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Statement (R-ACC-S):</source>
        <translation>陈述申辩（R-ACC-S）：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Heavier (R-ACC-H):</source>
        <translation>从重（R-ACC-H）：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Lighter (R-ACC-L):</source>
        <translation>从轻（R-ACC-L）：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Suggested:</source>
        <translation>建议：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome:</source>
        <translation>处理结果：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reasons:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <location line="+10" />
        <source>none recorded</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location line="+5" />
        <source>heavier and lighter facts offset</source>
        <translation>从重与从轻情节相互抵消</translation>
    </message>
    <message>
        <location line="+2" />
        <source>one rung heavier for the R-ACC-H facts</source>
        <translation>因 R-ACC-H 情节加重一档</translation>
    </message>
    <message>
        <location line="+2" />
        <source>one rung lighter for the R-ACC-L facts</source>
        <translation>因 R-ACC-L 情节减轻一档</translation>
    </message>
    <message>
        <location line="+2" />
        <source>no heavier or lighter fact</source>
        <translation>无从重或从轻情节</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the finding's severity</source>
        <translation>督查问题的严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a time-limit breach (R-TIME-11) counts as minor</source>
        <translation>超时（R-TIME-11）按一般计</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}. Severity {1} ({2}) → {3}; {4}. The suggestion is the rule's ladder; the decision is yours.</source>
        <translation>{0}。严重程度 {1}（{2}）→ {3}；{4}。建议按规则的处理档次得出，决定由您作出。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>R-ACC-S: record the statement first</source>
        <translation>R-ACC-S：请先记录陈述</translation>
    </message>
    <message>
        <location line="+1" />
        <source>R-TIME-11: the breach is provisional until the calendar is entered</source>
        <translation>R-TIME-11：日历录入前，该超时为暂定</translation>
    </message>
</context>
<context>
    <name>DemoCreator</name>
    <message>
        <location filename="../../console/views/shell/app.py" line="-141" />
        <source>Computing deadlines of open orders…</source>
        <translation>正在计算在办工单的时限…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Drawing the demo's base map…</source>
        <translation>正在绘制演示底图…</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Creating the demo branch…</source>
        <translation>正在创建演示分公司…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>First start</source>
        <translation>首次启动</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The demo branch could not be created:
{0}</source>
        <translation>无法创建演示分公司：
{0}</translation>
    </message>
</context>
<context>
    <name>DisclosureDialog</name>
    <message>
        <location filename="../../console/views/supervision/inspection_dialog.py" line="+235" />
        <source>Disclosure checklist (R-DISC-1…6)</source>
        <translation>公示检查表（R-DISC-1…6）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Business hall</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location line="+6" />
        <source>present</source>
        <translation>已公示</translation>
    </message>
    <message>
        <location line="+0" />
        <source>missing</source>
        <translation>未公示</translation>
    </message>
    <message>
        <location line="+0" />
        <source>outdated</source>
        <translation>内容过时</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Service promises</source>
        <translation>服务承诺</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Service hotline and supervision hotline</source>
        <translation>服务热线和监督电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fee policies, standards and items</source>
        <translation>收费政策、标准和项目</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Business processes</source>
        <translation>业务流程</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Location and phone of every outlet</source>
        <translation>各营业网点地址和电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Photo and work number of every employee</source>
        <translation>每名员工的照片和工号</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Business hall:</source>
        <translation>营业厅：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rectify by:</source>
        <translation>整改期限：</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <location filename="../../console/views/kit/drafts.py" line="+50" />
        <source>What you wrote is kept: it is filled in when you try again.</source>
        <translation>您填写的内容已保留：再次操作时会自动填入。</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <location filename="../../console/views/assessment/drill.py" line="+38" />
        <source>{0} rows, {1} counted as good. Definition: {2}</source>
        <translation>共 {0} 行，其中 {1} 行计为达标。指标定义：{2}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Order / account</source>
        <translation>工单 / 账户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Counted</source>
        <translation>达标</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+6" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+3" />
        <source>account</source>
        <translation>账户</translation>
    </message>
</context>
<context>
    <name>ExemptionsModel</name>
    <message>
        <location filename="../../console/views/shell/dashboard.py" line="-365" />
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Head notified</source>
        <translation>已通知负责人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The written reason filed to the branch head (R-TIME-8)</source>
        <translation>报送业务负责人的书面原因（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>nobody named</source>
        <translation>未指定任何人</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../console/views/exchange/export_dialog.py" line="+64" />
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Inspection findings (R-INSP)</source>
        <translation>督查问题（R-INSP）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>District assessment (R-ZONE-3/4)</source>
        <translation>片区考核（R-ZONE-3/4）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Time limits and breaches (R-TIME)</source>
        <translation>时限及超时（R-TIME）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>All branches</source>
        <translation>全部分公司</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Could not read the branches: {0}</source>
        <translation>无法读取分公司：{0}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>All inspections (findings only)</source>
        <translation>全部督查（仅督查问题）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Workbook file (.xlsx)</source>
        <translation>工作簿文件（.xlsx）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Workbook:</source>
        <translation>报表：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Branch:</source>
        <translation>分公司：</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <location line="+5" />
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location line="+17" />
        <source>so far (to {0}): not yet a complete month</source>
        <translation>截至今日（{0}）：本月尚未结束</translation>
    </message>
    <message>
        <location line="+49" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Written {0}: {1} rows.</source>
        <translation>已写入 {0}：{1} 行。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Written {0}: no data for this selection (the workbook says so).</source>
        <translation>已写入 {0}：所选范围无数据（工作簿中已注明）。</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Export cancelled.</source>
        <translation>已取消导出。</translation>
    </message>
    <message>
        <location line="-50" />
        <location line="+51" />
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>ExtensionsModel</name>
    <message>
        <location filename="../../console/views/shell/dashboard.py" line="-96" />
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Assignee</source>
        <translation>维护员</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Due now</source>
        <translation>现时限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New due asked</source>
        <translation>申请的新时限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Asked by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Asked at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The due time the request asks for (R-TIME-10)</source>
        <translation>申请延至的时限（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Unassigned</source>
        <translation>未派单</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The due time in force of the clock the request is about: {0}</source>
        <translation>申请所涉计时的现行时限：{0}</translation>
    </message>
</context>
<context>
    <name>FeeRemindersView</name>
    <message>
        <location filename="../../console/views/notices/fees.py" line="+48" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Export SMS list and &amp;record reminders…</source>
        <translation>导出短信名单并记录提醒(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Reminded</source>
        <translation>已提醒</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Accounts expiring within</source>
        <translation>账户到期时间在未来</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Could not load accounts: {0}</source>
        <translation>无法加载账户：{0}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>not yet</source>
        <translation>尚未提醒</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0} accounts expiring, {1} not yet reminded</source>
        <translation>{0} 个账户即将到期，{1} 个尚未提醒</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Fee reminders</source>
        <translation>缴费到期提醒</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Save the reminder SMS list</source>
        <translation>保存缴费提醒短信名单</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Fee-expiry reminders</source>
        <translation>缴费到期提醒</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Saving the SMS list…</source>
        <translation>正在保存短信名单…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The SMS list was not saved, no reminder was recorded: {0}</source>
        <translation>短信名单未保存，未记录任何提醒：{0}</translation>
    </message>
    <message>
        <location line="+22" />
        <source>{0} reminders recorded</source>
        <translation>已记录 {0} 条提醒</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../console/views/kit/file_dialogs.py" line="+69" />
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 file</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>FindingModel</name>
    <message>
        <location filename="../../console/views/supervision/inspections.py" line="+76" />
        <source>Rule id</source>
        <translation>规则编号</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Responsible person</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Since</source>
        <translation>状态时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The rule of RULES.md the finding names (R-INSP)</source>
        <translation>督查问题所依据的 RULES.md 规则（R-INSP）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>open → rectifying → verified closed (R-INSP); red: rectification overdue</source>
        <translation>待整改 → 整改中 → 已验证关闭（R-INSP）；红色：整改逾期</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Rectification overdue by {0} days (R-INSP)</source>
        <translation>整改已超期 {0} 天（R-INSP）</translation>
    </message>
</context>
<context>
    <name>Follow</name>
    <message>
        <location filename="../../console/views/kit/live.py" line="+286" />
        <source>Another console changed {0} while you had it open here: check it before you save.</source>
        <translation>您在此打开{0}期间，另一台控制台修改了它：保存前请核对。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../console/views/exchange/import_dialog.py" line="+148" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Customers</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Districts</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location line="+5" />
        <source>an .xlsx workbook or a .csv file (UTF-8 or GBK)</source>
        <translation>.xlsx 工作簿或 .csv 文件（UTF-8 或 GBK）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&amp;What</source>
        <translation>导入内容(&amp;W)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Sheet</source>
        <translation>工作表(&amp;S)</translation>
    </message>
    <message>
        <location line="+15" />
        <source>&amp;Check</source>
        <translation>检查(&amp;C)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Check every row without writing anything</source>
        <translation>逐行检查，不写入任何数据</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Check every row; import all of them only if none is wrong</source>
        <translation>逐行检查；全部无误才全部导入</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save &amp;report…</source>
        <translation>保存报告(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+64" />
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Reading the sheets of the file…</source>
        <translation>正在读取文件中的工作表…</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Reading and checking every row…</source>
        <translation>正在读取并逐行检查…</translation>
    </message>
    <message>
        <location line="+13" />
        <source>{0} problems in {1} rows of {2}: nothing was imported. Fix the file and try again.</source>
        <translation>{2} 共 {1} 行，发现 {0} 个问题：未导入任何数据。请修改文件后重试。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>All {0} rows are fine ({1} warnings); nothing written yet.</source>
        <translation>全部 {0} 行均无误（{1} 条警告）；尚未写入。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Imported {0} rows from {1} ({2} warnings).</source>
        <translation>已从 {1} 导入 {0} 行（{2} 条警告）。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The import failed, nothing was written: {0}</source>
        <translation>导入失败，未写入任何数据：{0}</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Saving the report…</source>
        <translation>正在保存报告…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Report saved to {0}.</source>
        <translation>报告已保存至 {0}。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The report was not saved: {0}</source>
        <translation>报告未保存：{0}</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <location filename="../../console/views/supervision/inspection_dialog.py" line="-197" />
        <source>Record an inspection (R-INSP)</source>
        <translation>记录督查（R-INSP）</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Tick every inspector of the inspection: the province's inspectors and the branch's (R-INSP)</source>
        <translation>勾选参加本次督查的每名督查员：省公司督查员和本分公司督查员（R-INSP）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>provincial</source>
        <translation>省公司</translation>
    </message>
    <message>
        <location line="+0" />
        <source>of the branch</source>
        <translation>本分公司</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} ({1}) — {2}</source>
        <translation>{0}（{1}）— {2}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No inspector of the province or of this branch is on the staff list: an administrator adds them first.</source>
        <translation>员工名单中没有省公司或本分公司的督查员：请先由管理员添加。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>What was inspected</source>
        <translation>督查内容</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Rule id</source>
        <translation>条款编号</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Responsible person</source>
        <translation>责任人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rectification deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Add finding</source>
        <translation>添加督查问题(&amp;A)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Remove finding</source>
        <translation>删除督查问题(&amp;R)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inspectors:</source>
        <translation>督查员：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Scope:</source>
        <translation>督查范围：</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Findings:</source>
        <translation>督查问题：</translation>
    </message>
    <message>
        <location line="+33" />
        <source>Provisional: the {0} working-day calendar is not entered, so the default deadline {1} counts {2} working days Monday to Friday, public holidays unknown (R-INSP). Check it once the {0} calendar is entered.</source>
        <translation>暂定：{0} 年工作日历尚未录入，默认期限 {1} 按周一至周五计算 {2} 个工作日，法定节假日未知（R-INSP）。录入 {0} 年日历后请核对。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>A new finding's rectification deadline is {0} working days after the inspection day: {1} (R-INSP, on the working-day calendar).</source>
        <translation>新督查问题的整改期限为督查日后 {0} 个工作日：{1}（R-INSP，按工作日历）。</translation>
    </message>
    <message>
        <location line="+31" />
        <source>The rule of RULES.md the finding names (R-INSP)</source>
        <translation>督查问题对应的 RULES.md 规则（R-INSP）</translation>
    </message>
    <message>
        <location line="+10" />
        <source>— nobody named —</source>
        <translation>— 未指定 —</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Who of the branch's staff answers for the rectification (R-INSP); an accountability case opens against this person (R-ACC)</source>
        <translation>本分公司负责整改的员工（R-INSP）；责任追究案件针对此人立案（R-ACC）</translation>
    </message>
    <message>
        <location line="+13" />
        <source>minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+0" />
        <source>serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+0" />
        <source>critical</source>
        <translation>重大</translation>
    </message>
</context>
<context>
    <name>InspectionModel</name>
    <message>
        <location filename="../../console/views/supervision/inspections.py" line="-46" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Branch</source>
        <translation>分公司</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Inspectors</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Scope</source>
        <translation>督查范围</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Findings</source>
        <translation>督查问题</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not closed</source>
        <translation>未关闭</translation>
    </message>
</context>
<context>
    <name>Inspections</name>
    <message>
        <location line="-21" />
        <source>open</source>
        <translation>待整改</translation>
    </message>
    <message>
        <location line="+1" />
        <source>rectifying</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>verified closed</source>
        <translation>已验证关闭</translation>
    </message>
    <message>
        <location line="+1" />
        <source>minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+1" />
        <source>serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+1" />
        <source>critical</source>
        <translation>重大</translation>
    </message>
</context>
<context>
    <name>InspectionsView</name>
    <message>
        <location line="+102" />
        <source>&amp;New inspection…</source>
        <translation>新建督查(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Disclosure checklist…</source>
        <translation>公示检查表(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Set &amp;status…</source>
        <translation>设置状态(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>E&amp;xport findings…</source>
        <translation>导出督查问题(&amp;X)…</translation>
    </message>
    <message>
        <location line="+28" />
        <source>{0} {1}: {2} (due {3}, {4} days late; {5})</source>
        <translation>{0} {1}：{2}（整改期限 {3}，已逾期 {4} 天；{5}）</translation>
    </message>
    <message>
        <location line="+3" />
        <source> … and {0} more</source>
        <translation> …另有 {0} 项</translation>
    </message>
    <message>
        <location line="+1" />
        <source>⚠ {0} rectification(s) overdue (R-INSP): {1}{2}</source>
        <translation>⚠ {0} 项整改逾期（R-INSP）：{1}{2}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Inspectors record inspections and findings (R-INSP)</source>
        <translation>由督查员记录督查和督查问题（R-INSP）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inspectors tick the disclosure checklist (R-DISC)</source>
        <translation>由督查员填写公示检查表（R-DISC）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The branch's manager reports a rectification; an inspector verifies it (R-INSP)</source>
        <translation>由分公司经理上报整改，督查员核实（R-INSP）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Managers, admins and inspectors export workbooks</source>
        <translation>经理、管理员和督查员可导出工作簿</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Could not load inspections: {0}</source>
        <translation>无法读取督查记录：{0}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>{0} inspections, {1} findings, {2} rectifications overdue</source>
        <translation>共 {0} 次督查，{1} 个督查问题，{2} 项整改逾期</translation>
    </message>
    <message>
        <location line="+37" />
        <location line="+5" />
        <source>Inspections</source>
        <translation>督查</translation>
    </message>
    <message>
        <location line="-5" />
        <source>Pick a branch first.</source>
        <translation>请先选择分公司。</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Disclosure checklist</source>
        <translation>公示检查表</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Select or record an inspection first.</source>
        <translation>请先选择或新建一次督查。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>the inspection of {0}</source>
        <translation>{0}的督查</translation>
    </message>
    <message>
        <location line="+6" />
        <location line="+4" />
        <location line="+4" />
        <source>Finding status</source>
        <translation>督查问题状态</translation>
    </message>
    <message>
        <location line="-8" />
        <source>Select a finding first.</source>
        <translation>请先选择一个督查问题。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The finding is verified closed.</source>
        <translation>该督查问题已核实关闭。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>the finding {0}</source>
        <translation>督查问题 {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Move {0} to:</source>
        <translation>将 {0} 改为：</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../console/views/orders/intake_dialog.py" line="+89" />
        <source>Save the materials notice</source>
        <translation>保存一次性告知单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PDF document (*.pdf);;Web page (*.html)</source>
        <translation>PDF 文档 (*.pdf);;网页 (*.html)</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Discard this request?</source>
        <translation>放弃本次受理？</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The request has not been saved. Discard what you typed?</source>
        <translation>受理内容尚未保存。确定放弃已输入的内容吗？</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Take a request</source>
        <translation>受理登记</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No account / &amp;walk-in</source>
        <translation>无账户 / 散客(&amp;W)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>What does the customer ask for?</source>
        <translation>用户需要办理什么？</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Materials — tick what is MISSING (R-FIRST-2)</source>
        <translation>材料 — 请勾选缺件材料（R-FIRST-2）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Nothing is required for this kind of request.</source>
        <translation>此类诉求无需提交材料。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Close on the sp&amp;ot (R-FIRST-3)</source>
        <translation>当场办结(&amp;O)（R-FIRST-3）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>What was done for the customer</source>
        <translation>当场为用户处理的情况</translation>
    </message>
    <message>
        <location line="+8" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Save and &amp;print notice…</source>
        <translation>保存并打印一次性告知单(&amp;P)…</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Print notice…</source>
        <translation>打印一次性告知单(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save notice to fi&amp;le…</source>
        <translation>将一次性告知单保存为文件(&amp;L)…</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save the request (Ctrl+Enter, Ctrl+S)</source>
        <translation>保存受理内容（Ctrl+Enter、Ctrl+S）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save, then write the notice of missing materials for the customer (Ctrl+P)</source>
        <translation>保存后为用户出具缺件材料的一次性告知单（Ctrl+P）</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;District:</source>
        <translation>片区(&amp;D)：</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Request</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location line="+4" />
        <source>C&amp;hannel:</source>
        <translation>受理渠道(&amp;H)：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Pr&amp;iority:</source>
        <translation>优先级(&amp;I)：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>D&amp;escription:</source>
        <translation>内容描述(&amp;E)：</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Resolution:</source>
        <translation>处理结果(&amp;R)：</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Could not read the districts: {0}</source>
        <translation>无法读取片区：{0}</translation>
    </message>
    <message>
        <location line="+17" />
        <source>No account picked yet: Enter picks the highlighted one.</source>
        <translation>尚未选定账户：按 Enter 选择高亮的一项。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Customer: {0}</source>
        <translation>用户：{0}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Important customer ({0}): highest priority (R-TIME-9)</source>
        <translation>重要客户（{0}）：最高优先级（R-TIME-9）</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Walk-in without an account: choose the district.</source>
        <translation>无账户散客：请选择片区。</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Not possible while materials are missing (R-FIRST-2)</source>
        <translation>有缺件材料时不能当场办结（R-FIRST-2）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The request was solved while the customer was here</source>
        <translation>用户在场时诉求已解决</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Choose the district of the walk-in customer.</source>
        <translation>请选择散客所属片区。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Pick the customer from the list (type, then Enter), or tick “No account / walk-in”.</source>
        <translation>请从列表中选择用户（输入后按 Enter），或勾选“无账户 / 散客”。</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Not saved: {0}. Everything you entered is kept: save again once the database is back (the banner above the queue shows when).</source>
        <translation>未保存：{0}。已输入的内容全部保留：数据库恢复后请再次保存（队列上方的横幅会提示恢复时间）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not saved, unexpected error: {0}</source>
        <translation>未保存，发生意外错误：{0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Saved as order {0} — {1}.</source>
        <translation>已保存为工单 {0} — {1}。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Missing items: {0}. The time limit starts when they are complete (R-TIME-0).</source>
        <translation>缺件 {0} 项。材料补齐后开始计算时限（R-TIME-0）。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location line="+19" />
        <source>{0} hours</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <location line="+0" />
        <source>{0} working days</source>
        <translation>{0} 个工作日</translation>
    </message>
    <message>
        <location line="+9" />
        <source>{0} materials notice.pdf</source>
        <translation>{0} 一次性告知单.pdf</translation>
    </message>
    <message>
        <location line="+7" />
        <source>The notice could not be written: {0}</source>
        <translation>无法写入一次性告知单：{0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Notice written to {0}</source>
        <translation>一次性告知单已写入 {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The notice was not printed.</source>
        <translation>一次性告知单未打印。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../console/views/kit/labels.py" line="-143" />
        <source>General fault</source>
        <translation>一般故障</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Major fault</source>
        <translation>重大故障</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Installation</source>
        <translation>新装</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Restoration</source>
        <translation>复通</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Business</source>
        <translation>业务办理</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Waiting for materials</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Open</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+49" />
        <source>Assigned</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location line="-48" />
        <location line="+52" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="-51" />
        <location line="+61" />
        <source>Completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="-58" />
        <source>Hotline</source>
        <translation>服务热线</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Counter</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Online</source>
        <translation>网上</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Important customer</source>
        <translation>重要客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Major complaint</source>
        <translation>重大投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Materials missing</source>
        <translation>材料缺件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Materials complete</source>
        <translation>材料已补齐</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Visit booked</source>
        <translation>已预约上门</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Arrived</source>
        <translation>已到场</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Resumed</source>
        <translation>恢复计时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer unreachable</source>
        <translation>联系不上用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Business head notified</source>
        <translation>已报业务负责人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Extension requested</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Extension approved</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Extension rejected</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reclassified</source>
        <translation>重新分类</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Escalated</source>
        <translation>升级督办</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Escalation acknowledged</source>
        <translation>确认升级督办</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reopened</source>
        <translation>重开工单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback attempt</source>
        <translation>回访拨打</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback done</source>
        <translation>回访完成</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Resolve</source>
        <translation>办结</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First response (4 h)</source>
        <translation>首次响应（4 小时）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback (72 h)</source>
        <translation>回访（72 小时）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>waiting for materials</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <location line="+1" />
        <source>running</source>
        <translation>计时中</translation>
    </message>
    <message>
        <location line="+1" />
        <source>paused</source>
        <translation>暂停计时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>met</source>
        <translation>限时办结</translation>
    </message>
    <message>
        <location line="+1" />
        <source>met by exemption (R-TIME-8)</source>
        <translation>免责办结（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>breached</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+32" />
        <source>{0}m {1}s</source>
        <translation>{0}分{1}秒</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}d {1}h</source>
        <translation>{0}天{1}小时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}h {1}m</source>
        <translation>{0}小时{1}分</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../console/views/shell/main_window.py" line="+77" />
        <source>Branch supervision &amp; dispatch console</source>
        <translation>分公司督查与派单工作台</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location line="+10" />
        <location line="+267" />
        <source>Escalations</source>
        <translation>升级督办</translation>
    </message>
    <message>
        <location line="-226" />
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Dashboard: what is urgent, extension requests (R-TIME-10), this month's assessment (R-ZONE-3), open accountability cases (R-ACC)</source>
        <translation>工作台：紧急事项、延期申请（R-TIME-10）、本月考核（R-ZONE-3）、未结责任追究案件（R-ACC）</translation>
    </message>
    <message>
        <location line="+14" />
        <source>&amp;New request…</source>
        <translation>新建受理(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Take a request: first contact (R-FIRST-1) — Ctrl+N</source>
        <translation>受理用户请求，本人即为首问负责人（R-FIRST-1）— Ctrl+N</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Switch &amp;branch</source>
        <translation>切换分公司(&amp;B)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Import customers, districts or staff…</source>
        <translation>导入用户、片区或员工(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Create &amp;demo branch…</source>
        <translation>创建演示分公司(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sign &amp;out / switch user…</source>
        <translation>退出登录 / 切换用户(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sign out and let someone else sign in (Ctrl+Shift+L)</source>
        <translation>退出登录，由其他人登录（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>&amp;Order</source>
        <translation>工单(&amp;O)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Working-day &amp;calendar…</source>
        <translation>工作日日历(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Time-limit &amp;policy…</source>
        <translation>时限规定(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Who stands in for the &amp;head…</source>
        <translation>业务负责人代理人(&amp;H)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Who receives the exemption reports (R-TIME-8) of a branch without an active manager</source>
        <translation>没有在职经理的分公司，其免责报告（R-TIME-8）由谁接收</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Map settings…</source>
        <translation>地图设置(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The base map under the district map on this computer: an offline map file, its datum, the intranet tile server</source>
        <translation>本机片区地图下的底图：离线地图文件及其坐标系、内网瓦片服务</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Export inspection &amp;findings…</source>
        <translation>导出督查问题(&amp;F)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Export district &amp;assessment…</source>
        <translation>导出片区考核(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Export &amp;SLA report…</source>
        <translation>导出时限报表(&amp;S)…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Verify the &amp;audit chain…</source>
        <translation>校验审计链(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Recompute the tamper-evident audit chain (R-ACC) and save its head</source>
        <translation>重新计算防篡改审计链（R-ACC）并保存链头</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The language could not be saved: {0}</source>
        <translation>无法保存语言设置：{0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0} from the next start of the console: close it and start it again.</source>
        <translation>下次启动工作台时使用{0}：请关闭后重新启动。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Branch</source>
        <translation>分公司</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Branch:</source>
        <translation>分公司：</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Switch branch (Ctrl+B)</source>
        <translation>切换分公司（Ctrl+B）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Signed in at this console: recorded on every action (R-FIRST-1)</source>
        <translation>本工作台的登录人员：每项操作均记录在案（R-FIRST-1）</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <location line="+83" />
        <source>⚠ {0} rectification(s) overdue, {1} new (R-INSP): see the Inspections tab</source>
        <translation>⚠ {0} 项整改已逾期，{1} 项新增（R-INSP）：请查看“督查”标签页</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The database answers again.</source>
        <translation>数据库已恢复连接。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Waiting for the database: {0} is writing; this console's change is saved as soon as it has finished…</source>
        <translation>正在等待数据库：{0} 正在写入；待其完成后，本工作台的修改将立即保存…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The database is free again.</source>
        <translation>数据库已空闲。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Actions not saved</source>
        <translation>操作未保存</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} action(s) could not be saved because the database cannot be reached:
{1}

Close anyway? They will not be done.</source>
        <translation>有 {0} 项操作因无法连接数据库而未能保存：
{1}

仍要关闭吗？这些操作将不会执行。</translation>
    </message>
    <message>
        <location filename="../../console/views/shell/menu_dialogs.py" line="+55" />
        <source>Working-day calendar</source>
        <translation>工作日日历</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only an administrator edits the working-day calendar: please tell one.</source>
        <translation>只有管理员可以编辑工作日日历：请联系管理员。</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Who stands in for the branch head</source>
        <translation>业务负责人代理人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only an administrator names who stands in for the branch head (R-TIME-8): please tell one.</source>
        <translation>只有管理员可以指定业务负责人的代理人（R-TIME-8）：请告知管理员。</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Map settings</source>
        <translation>地图设置</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Only an administrator chooses the base map: please tell one.</source>
        <translation>底图由管理员选择：请告知管理员。</translation>
    </message>
    <message>
        <location line="+14" />
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Branch supervision &amp; dispatch console
Database: {0}</source>
        <translation>分公司督查与派单工作台
数据库：{0}</translation>
    </message>
    <message>
        <location filename="../../console/views/shell/queue_feed.py" line="+99" />
        <source>city</source>
        <translation>市级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>county</source>
        <translation>县级</translation>
    </message>
    <message>
        <location line="+10" />
        <source>This database has no branch yet: File ▸ Create demo branch… adds one.</source>
        <translation>该数据库尚无分公司：可通过“文件 ▸ 创建演示分公司…”添加。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sign in to see the orders of your branch (File ▸ Sign out / switch user…).</source>
        <translation>请登录以查看本分公司的工单（文件 ▸ 退出登录 / 切换用户…）。</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Branch: {0}</source>
        <translation>分公司：{0}</translation>
    </message>
    <message>
        <location line="+141" />
        <source>Open orders: {0}</source>
        <translation>未办结工单：{0}</translation>
    </message>
    <message>
        <location line="+62" />
        <source>Could not load orders</source>
        <translation>无法加载工单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The orders could not be read:
{0}</source>
        <translation>无法读取工单：
{0}</translation>
    </message>
    <message>
        <location filename="../../console/views/shell/session.py" line="+29" />
        <source>  Signed in: {0} · {1}  </source>
        <translation>  已登录：{0} · {1}  </translation>
    </message>
    <message>
        <location line="+1" />
        <source>  Not signed in  </source>
        <translation>  未登录  </translation>
    </message>
    <message>
        <location line="+67" />
        <source>Administrator: the working-day calendar and the time-limit policy are on the Admin toolbar and in the Admin menu.</source>
        <translation>管理员：工作日历和时限政策在“管理”工具栏和“管理”菜单中。</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../console/views/map/view.py" line="+131" />
        <source>What colours the districts; the legend is on the map</source>
        <translation>片区着色所依据的指标；图例见地图</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Colour by:</source>
        <translation>着色依据(&amp;C)：</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Who serves…</source>
        <translation>服务人员(&amp;W)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The clicked district's servant, its published changes and the change (R-ZONE-5)</source>
        <translation>所点片区的服务人员、已公布的变更及变更操作（R-ZONE-5）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Changes…</source>
        <translation>变更…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Every published change of who serves a district of this branch (R-ZONE-5)</source>
        <translation>本分公司所有已公布的片区服务人员变更（R-ZONE-5）</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Open orders</source>
        <translation>在办工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Breached / at risk</source>
        <translation>超时 / 临近超时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaints per 1,000 households (month, R-ZONE-3)</source>
        <translation>每千户投诉数（当月，R-ZONE-3）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Maintainer load vs norm (R-ZONE-1)</source>
        <translation>维护员负荷与定额对比（R-ZONE-1）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback coverage (month, R-VISIT-1)</source>
        <translation>回访覆盖率（当月，R-VISIT-1）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The map needs Qt WebEngine, which refuses to run as root with its sandbox on.
Run the console as a normal user, or start it with
QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu".
The rest of the console works without the map.</source>
        <translation>地图需要 Qt WebEngine，而它在开启沙箱时拒绝以 root 身份运行。
请以普通用户身份运行工作台，或使用
QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" 启动。
没有地图，工作台的其他功能照常可用。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>The map's offline files are missing: {0}
Reinstall the console (resources/web/ must be complete).</source>
        <translation>地图的离线文件缺失：{0}
请重新安装工作台（resources/web/ 必须完整）。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The map needs Qt WebEngine, which could not start here:
{0}

Install the system libraries it needs (scripts/bootstrap.sh installs them on Debian: libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libasound2 libgbm1).
The rest of the console works without the map.</source>
        <translation>地图需要 Qt WebEngine，但它无法在此启动：
{0}

请安装它所需的系统库（在 Debian 上由 scripts/bootstrap.sh 安装：libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libasound2 libgbm1）。
没有地图，工作台的其他功能照常可用。</translation>
    </message>
    <message>
        <location line="+25" />
        <source>The map's web process stopped (exit code {0}). Refresh (F5) to draw it again.</source>
        <translation>地图网页进程已停止（退出码 {0}）。请刷新（F5）重新绘制。</translation>
    </message>
    <message>
        <location line="+105" />
        <location line="+39" />
        <source>Loading the map…</source>
        <translation>正在加载地图…</translation>
    </message>
    <message>
        <location line="+108" />
        <source>The map could not be updated: {0}</source>
        <translation>地图无法更新：{0}</translation>
    </message>
    <message>
        <location line="+106" />
        <source>The map could not be loaded: {0}</source>
        <translation>地图无法加载：{0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The map page did not load.</source>
        <translation>地图页面未能加载。</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Leaflet did not start in the map page: the files in {0} may be damaged.</source>
        <translation>地图页面中的 Leaflet 未能启动：{0} 中的文件可能已损坏。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>{0}: {1} districts, {2} open orders</source>
        <translation>{0}：{1} 个片区，{2} 张在办工单</translation>
    </message>
    <message>
        <location line="+3" />
        <source>base map not shown: {0}</source>
        <translation>底图未显示：{0}</translation>
    </message>
    <message>
        <location line="-505" />
        <source>This branch</source>
        <translation>本分公司</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All branches</source>
        <translation>全部分公司</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The console's branch, or every district of every branch (the province)</source>
        <translation>控制台所选的分公司，或全部分公司的所有片区（全省）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Zoom the province map to a branch (or click its outline or name)</source>
        <translation>将全省地图缩放到某个分公司（或点击其边界或名称）</translation>
    </message>
    <message>
        <location line="+13" />
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Zoom to:</source>
        <translation>缩放到(&amp;Z)：</translation>
    </message>
    <message>
        <location line="+178" />
        <source>The whole province</source>
        <translation>全省</translation>
    </message>
    <message>
        <location line="+298" />
        <source>All branches: {0} branches, {1} districts, {2} open orders (counts per district)</source>
        <translation>全部分公司：{0} 个分公司，{1} 个片区，{2} 张在办工单（按片区计数）</translation>
    </message>
</context>
<context>
    <name>MapSettingsDialog</name>
    <message>
        <location filename="../../console/views/map/settings_dialog.py" line="+52" />
        <source>Map settings</source>
        <translation>地图设置</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The base map under the districts on this computer: an offline map file, or else the intranet's tile server. The map never goes to the internet.</source>
        <translation>本机片区下方的底图：离线地图文件，或内网瓦片服务。地图从不访问互联网。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>An MBTiles file of raster tiles (png, jpg or webp), e.g. exported from the intranet's map server</source>
        <translation>栅格瓦片（PNG、JPEG 或 WebP）的 MBTiles 文件，例如从内网地图服务导出</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No base map file: the database's own base map if it has one and that is chosen below, else the intranet tiles, else none</source>
        <translation>不用底图文件：若数据库自带底图且下方已勾选则显示它，否则显示内网瓦片，都没有则不显示底图</translation>
    </message>
    <message>
        <location line="+12" />
        <source>As the file says</source>
        <translation>按文件所注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>WGS-84 (GPS, OpenStreetMap)</source>
        <translation>WGS-84（卫星定位、OpenStreetMap）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>GCJ-02 (Gaode, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The datum the tiles are drawn in. GCJ-02 tiles are shifted by a few hundred metres: the districts, orders and clients are shifted the same way to sit on their streets</source>
        <translation>瓦片所用的坐标系。GCJ-02 瓦片偏移数百米：片区、工单和客户按同样方式偏移，与街道对齐</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Without a file, show the database's own base map when it has one (the demo's)</source>
        <translation>未选文件时，显示数据库自带的底图（如演示数据的底图）</translation>
    </message>
    <message>
        <location line="+10" />
        <source>e.g. http://gis.intranet/tiles/{z}/{x}/{y}.png</source>
        <translation>例如 http://gis.intranet/tiles/{z}/{x}/{y}.png</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The intranet tile server's URL template, shown when no base map file is; empty: none</source>
        <translation>内网瓦片服务的 URL 模板，未显示底图文件时使用；留空：不使用</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Who made the intranet tiles (shown in the map's corner)</source>
        <translation>内网瓦片的制作方（显示在地图角落）</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Base map &amp;file:</source>
        <translation>底图文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Datum:</source>
        <translation>坐标系：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Tiles drawn in:</source>
        <translation>瓦片坐标系(&amp;T)：</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Intranet tile &amp;URL:</source>
        <translation>内网瓦片 URL(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Attribution:</source>
        <translation>来源署名(&amp;A)：</translation>
    </message>
    <message>
        <location line="+19" />
        <source>This database keeps no base map of its own.</source>
        <translation>此数据库没有自带底图。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The database's own base map: {0}</source>
        <translation>数据库自带的底图：{0}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The database's own base map would be {0} (there is none).</source>
        <translation>数据库自带的底图应为 {0}（该文件不存在）。</translation>
    </message>
    <message>
        <location line="+12" />
        <source>No file chosen.</source>
        <translation>未选择文件。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>WGS-84</source>
        <translation>WGS-84</translation>
    </message>
    <message>
        <location line="+0" />
        <source>GCJ-02</source>
        <translation>GCJ-02</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}, as the file says · zooms {1}–{2} · {3}</source>
        <translation>{0}（文件所注）· 缩放级别 {1}–{2} · {3}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Choose a base map file</source>
        <translation>选择底图文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Base maps (*.mbtiles);;All files (*)</source>
        <translation>底图 (*.mbtiles);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+24" />
        <source>The intranet tile URL must be an http:// or https:// address with {z}, {x} and {y} in it, e.g. http://gis.intranet/tiles/{z}/{x}/{y}.png</source>
        <translation>内网瓦片 URL 必须是含 {z}、{x}、{y} 的 http:// 或 https:// 地址，例如 http://gis.intranet/tiles/{z}/{x}/{y}.png</translation>
    </message>
</context>
<context>
    <name>NoticeEditor</name>
    <message>
        <location filename="../../console/views/notices/advance.py" line="+57" />
        <source>Edit notice</source>
        <translation>编辑停机公告</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New notice</source>
        <translation>新建停机公告</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Line maintenance</source>
        <translation>线路维护</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Service change</source>
        <translation>业务变更</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Emergency (may be published less than 24 h ahead, with a reason)</source>
        <translation>紧急（可在不足 24 小时前发布，须说明原因）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Why the customers cannot be told 24 hours ahead (R-PROM-5)</source>
        <translation>无法提前 24 小时告知用户的原因（R-PROM-5）</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Te&amp;xt:</source>
        <translation>正文(&amp;X)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Starts:</source>
        <translation>开始时间(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Ends:</source>
        <translation>结束时间(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Affected &amp;districts:</source>
        <translation>影响片区(&amp;D)：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Emergency &amp;reason:</source>
        <translation>紧急原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>NoticesView</name>
    <message>
        <location line="+71" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Starts</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Ends</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Districts</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Published</source>
        <translation>发布</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Tagged orders</source>
        <translation>关联工单</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;New notice…</source>
        <translation>新建公告(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Edit draft…</source>
        <translation>编辑草稿(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Publish</source>
        <translation>发布(&amp;P)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>R-PROM-5: at least 24 hours before the work starts</source>
        <translation>R-PROM-5：须在施工开始前至少 24 小时发布</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Export SMS &amp;list…</source>
        <translation>导出短信名单(&amp;L)…</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Advance notices</source>
        <translation>停机公告</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fee-expiry reminders</source>
        <translation>缴费到期提醒</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Could not load notices: {0}</source>
        <translation>无法加载停机公告：{0}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Line maintenance</source>
        <translation>线路维护</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Service change</source>
        <translation>业务调整</translation>
    </message>
    <message>
        <location line="+3" />
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location line="+0" />
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+2" />
        <source> · emergency</source>
        <translation> · 紧急</translation>
    </message>
    <message>
        <location line="+39" />
        <location line="+67" />
        <source>Notice</source>
        <translation>停机公告</translation>
    </message>
    <message>
        <location line="-62" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location line="+19" />
        <source>the notice “{0}”</source>
        <translation>公告“{0}”</translation>
    </message>
    <message>
        <location line="+22" />
        <source>TV caption ({0}/{1} characters): {2}
SMS to {3} phones: {4}</source>
        <translation>电视字幕（{0}/{1} 字）：{2}
短信发送至 {3} 个号码：{4}</translation>
    </message>
    <message>
        <location line="+24" />
        <location line="+13" />
        <source>Save the SMS list</source>
        <translation>保存短信名单</translation>
    </message>
    <message>
        <location line="-3" />
        <source>Saved {0} and {1}</source>
        <translation>已保存 {0} 和 {1}</translation>
    </message>
</context>
<context>
    <name>OrderPane</name>
    <message>
        <location filename="../../console/views/orders/order_actions.py" line="+106" />
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+24" />
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <location line="-17" />
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} on order {1}</source>
        <translation>{0}（工单 {1}）</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Not saved yet, waiting for the database: {0}</source>
        <translation>尚未保存，正在等待数据库：{0}</translation>
    </message>
    <message>
        <location line="+42" />
        <location filename="../../console/views/orders/order_pane.py" line="+153" />
        <source>First response (R-TIME-7)</source>
        <translation>首次响应（R-TIME-7）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The first response to order {0} is already recorded: at {1} by {2}.</source>
        <translation>工单 {0} 的首次响应已登记：{1}，由{2}登记。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>What was said to the customer (required):</source>
        <translation>对用户说了什么（必填）：</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Pause the clock</source>
        <translation>暂停计时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reason (e.g. the customer's appointment):</source>
        <translation>原因（如用户另约时间）：</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Customer unreachable (R-TIME-8)</source>
        <translation>无法联系用户（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Written reason for the business head (required):</source>
        <translation>向业务负责人书面说明原因（必填）：</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This order has no running deadline.</source>
        <translation>该工单没有正在计时的时限。</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Request extension (R-TIME-10)</source>
        <translation>申请延期（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>New due time:</source>
        <translation>新的到期时间：</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+25" />
        <location line="+16" />
        <location line="+68" />
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location line="-100" />
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+5" />
        <source>This is the reclassification to {0}: approved, its longer limit applies.</source>
        <translation>这是变更为{0}的工单类型变更：批准后适用其更长的时限。</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Decide extension (R-TIME-10)</source>
        <translation>审批延期（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+18" />
        <source>New kind (elapsed time is kept; a longer limit needs a manager's approval, R-TIME-10):</source>
        <translation>新类型（已用时间保留；时限更长须经领导批准，R-TIME-10）：</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Order {0} is now a {1}. Its longer time limit applies once a manager approves the extension request (R-TIME-10); until then the earlier due stands.</source>
        <translation>工单 {0} 现为{1}。领导批准延期申请后才适用其更长的时限（R-TIME-10）；在此之前仍按原到期时间考核。</translation>
    </message>
    <message>
        <location line="-37" />
        <source>Requested by {0}: new due {1}. Reason: {2}</source>
        <translation>{0} 申请延期至 {1}。原因：{2}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Reject extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Reclassify</source>
        <translation>重新分类</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Escalate to a leader (R-FIRST-4)</source>
        <translation>升级督办，上报领导（R-FIRST-4）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What is uncertain, important or urgent:</source>
        <translation>不确定、重要或紧急的事项：</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Book the visit window (R-PROM-7)</source>
        <translation>预约上门时段（R-PROM-7）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Arrived (R-PROM-7)</source>
        <translation>到达现场（R-PROM-7）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The visit window of order {0} starts at {1}: record the arrival when the maintainer is there.</source>
        <translation>工单 {0} 的上门时段从 {1} 开始：请在维护员到达现场时再登记到达。</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Arrived at:</source>
        <translation>到达时间：</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Complete the order</source>
        <translation>办结工单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Order {0}:
{1}

Complete it all the same?</source>
        <translation>工单 {0}：
{1}

仍要办结吗？</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Resolution:</source>
        <translation>处理结果：</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Reopen the order</source>
        <translation>重新打开工单</translation>
    </message>
    <message>
        <location filename="../../console/views/orders/order_pane.py" line="-73" />
        <source>assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>previous</source>
        <translation>原处理人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+0" />
        <source>resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location line="+1" />
        <source>missing</source>
        <translation>缺件材料</translation>
    </message>
    <message>
        <location line="+0" />
        <source>new due</source>
        <translation>新办结时限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>window start</source>
        <translation>上门开始</translation>
    </message>
    <message>
        <location line="+1" />
        <source>window end</source>
        <translation>上门结束</translation>
    </message>
    <message>
        <location line="+0" />
        <source>to kind</source>
        <translation>改为类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+0" />
        <source>target</source>
        <translation>上报对象</translation>
    </message>
    <message>
        <location line="+1" />
        <source>outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+0" />
        <source>satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>solved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+0" />
        <source>comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location line="+1" />
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1" />
        <source>late</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+0" />
        <source>head</source>
        <translation>业务负责人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>time given</source>
        <translation>填报时间</translation>
    </message>
    <message>
        <location line="+21" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+28" />
        <location line="+311" />
        <source>No order selected</source>
        <translation>未选择工单</translation>
    </message>
    <message>
        <location line="-302" />
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Service / supervision</source>
        <translation>服务电话 / 监督电话</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Maintainer</source>
        <translation>维护员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First contact (R-FIRST-1)</source>
        <translation>首问负责人（R-FIRST-1）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Visit window (R-PROM-7)</source>
        <translation>上门时段（R-PROM-7）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Completion</source>
        <translation>办结情况</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Clock</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Original due</source>
        <translation>原到期时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Clocks</source>
        <translation>时限计时</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Timeline</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location line="+118" />
        <source>&amp;Assign…</source>
        <translation>派单(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>First &amp;response</source>
        <translation>首次响应(&amp;R)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Materials complete</source>
        <translation>材料已齐(&amp;M)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Pause / resume</source>
        <translation>暂停 / 恢复计时(&amp;P)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer &amp;unreachable</source>
        <translation>无法联系用户(&amp;U)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Request &amp;extension</source>
        <translation>申请延期(&amp;E)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Decide extension</source>
        <translation>审批延期(&amp;D)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Re&amp;classify</source>
        <translation>重新分类(&amp;C)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Escalate to &amp;leader</source>
        <translation>升级督办(&amp;L)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Book &amp;visit</source>
        <translation>预约上门(&amp;V)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Arr&amp;ived</source>
        <translation>到达现场(&amp;I)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>C&amp;omplete</source>
        <translation>办结(&amp;O)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Re&amp;open</source>
        <translation>重新打开(&amp;O)</translation>
    </message>
    <message>
        <location line="+61" />
        <source>Changed at another console: {0}</source>
        <translation>其他工作台已修改此工单：{0}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Loading the order…</source>
        <translation>正在读取工单…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>The database cannot be reached: the order shows when it is back</source>
        <translation>无法连接数据库：连接恢复后将显示工单</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The order could not be read: {0}</source>
        <translation>无法读取工单：{0}</translation>
    </message>
    <message>
        <location line="+27" />
        <source>breached, {0:.1f} h late (due {1})</source>
        <translation>超时，晚了 {0:.1f} 小时（到期 {1}）</translation>
    </message>
    <message>
        <location line="+23" />
        <source> (major client: {0})</source>
        <translation>（重要客户：{0}）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0} · {1} households</source>
        <translation>{0} · {1} 户</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} · work no. {1} · {2}</source>
        <translation>{0} · 工号 {1} · {2}</translation>
    </message>
    <message>
        <location line="+0" />
        <source>(unassigned)</source>
        <translation>（未派单）</translation>
    </message>
    <message>
        <location line="+9" />
        <source>MISSING: {0}</source>
        <translation>缺件：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>complete</source>
        <translation>已齐全</translation>
    </message>
    <message>
        <location line="+0" />
        <source>none needed</source>
        <translation>无需材料</translation>
    </message>
    <message>
        <location line="+2" />
        <source> · arrived {0}</source>
        <translation> · {0} 到场</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location line="+6" />
        <source> (provisional)</source>
        <translation>（暂定）</translation>
    </message>
</context>
<context>
    <name>PlanCalendar</name>
    <message>
        <location filename="../../console/views/revisits/calendar.py" line="+40" />
        <source>Week of {0}</source>
        <translation>{0} 当周</translation>
    </message>
    <message>
        <location line="+10" />
        <source> (overdue)</source>
        <translation>（已逾期）</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <location filename="../../console/views/revisits/plans.py" line="+135" />
        <source>Edit revisit plan</source>
        <translation>编辑走访计划</translation>
    </message>
    <message>
        <location line="+0" />
        <source>New revisit plan</source>
        <translation>新建走访计划</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Quarterly</source>
        <translation>每季度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every N weeks</source>
        <translation>每 N 周</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Custom dates</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <location line="+5" />
        <source> week(s)</source>
        <translation> 周</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Monthly plans recur on this day; on the 31st, the last day of shorter months</source>
        <translation>按月计划在每月的这一天执行；若为 31 日，小月取当月最后一天</translation>
    </message>
    <message>
        <location line="+2" />
        <source>2026-01-20, 2026-04-25, …</source>
        <translation>2026-01-20, 2026-04-25, …</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Major client:</source>
        <translation>重要客户(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Owner:</source>
        <translation>负责人(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Recurrence:</source>
        <translation>周期(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Interval:</source>
        <translation>间隔(&amp;I)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Start / anchor day:</source>
        <translation>开始 / 基准日(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Custom &amp;dates:</source>
        <translation>自定义日期(&amp;D)：</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location line="-110" />
        <source>Major client</source>
        <translation>重要客户</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Recurrence</source>
        <translation>周期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Next due</source>
        <translation>下次走访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Overdue visits</source>
        <translation>逾期走访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Last findings</source>
        <translation>上次走访情况</translation>
    </message>
    <message>
        <location line="+2" />
        <source>active</source>
        <translation>执行中</translation>
    </message>
    <message>
        <location line="+0" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+0" />
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message numerus="yes">
        <location line="+26" />
        <source>every %n week(s)</source>
        <translation>
            <numerusform>每 %n 周</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>monthly, day {0}</source>
        <translation>每月 {0} 日</translation>
    </message>
    <message>
        <location line="+2" />
        <source>quarterly, day {0}</source>
        <translation>每季度 {0} 日</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n custom date(s)</source>
        <translation>
            <numerusform>%n 个自定义日期</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+14" />
        <source> (overdue %n day(s))</source>
        <translation>
            <numerusform> （逾期 %n 天）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n overdue: </source>
        <translation>
            <numerusform>逾期 %n 次：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5" />
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location line="+9" />
        <source>R-VISIT-5: a visit not recorded by its date is overdue until a visit is recorded for that date; a late visit clears its own date only</source>
        <translation>R-VISIT-5：计划日期未记录走访即为逾期，直至补记该日期的走访；补记的走访只销掉它自己的日期</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../console/views/admin/policy_dialog.py" line="+65" />
        <source>Time limits (SLA policy)</source>
        <translation>办结时限规定</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Order kind / clock</source>
        <translation>工单类型 / 计时项</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Immediately</source>
        <translation>立即</translation>
    </message>
    <message>
        <location line="+1" />
        <source>From (China time):</source>
        <translation>起始时间（北京时间）：</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Takes effect:</source>
        <translation>生效时间：</translation>
    </message>
    <message>
        <location line="+6" />
        <source>A change applies to clocks that start after it: orders already received keep the limits of the version they were taken under.</source>
        <translation>修改仅适用于此后开始计时的工单：已受理的工单仍按受理时所依据版本的时限执行。</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Save as new version…</source>
        <translation>另存为新版本(&amp;S)…</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Complaint: first response</source>
        <translation>投诉：首次响应</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback after completion</source>
        <translation>办结后回访</translation>
    </message>
    <message>
        <location line="+4" />
        <source>City</source>
        <translation>城区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Rural</source>
        <translation>农村</translation>
    </message>
    <message>
        <location line="+0" />
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location line="+3" />
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location line="+0" />
        <source>working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location line="+17" />
        <source>The time limits could not be read: {0}</source>
        <translation>无法读取办结时限：{0}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>the regulation's defaults</source>
        <translation>规定默认值</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Version {0} — in force since {1} ({2})</source>
        <translation>第 {0} 版 — 自 {1} 起施行（{2}）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Version {0} — scheduled from {1} ({2}); version {3} is in force now</source>
        <translation>第 {0} 版 — 定于 {1} 起施行（{2}）；当前施行第 {3} 版</translation>
    </message>
    <message>
        <location line="+2" />
        <source>History: {0}</source>
        <translation>历史版本：{0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>v{0} from {1}</source>
        <translation>第 {0} 版自 {1} 起</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Limit of {0}, {1}</source>
        <translation>{0}（{1}）的时限</translation>
    </message>
    <message>
        <location line="+38" />
        <source>{0} ({1}, {2}): {3} → {4}</source>
        <translation>{0}（{1}，{2}）：{3} → {4}</translation>
    </message>
    <message>
        <location line="+16" />
        <source>No change yet.</source>
        <translation>暂无修改。</translation>
    </message>
    <message>
        <location line="+15" />
        <source>immediately</source>
        <translation>立即</translation>
    </message>
    <message>
        <location line="+0" />
        <source>from {0} (China time)</source>
        <translation>自 {0}（北京时间）起</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save these limits as policy version {0}, taking effect {1}?

{2}

Orders already received keep the limits they were taken under.</source>
        <translation>将以上时限保存为第 {0} 版时限规定，{1}生效？

{2}

已受理的工单仍按受理时的时限执行。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Not saved: {0}. Your changes are kept: save again once the database is back.</source>
        <translation>未保存：{0}。您的修改仍保留：数据库恢复后请再次保存。</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Your changes are shown over the version saved meanwhile: check them and save again.</source>
        <translation>您的修改已覆盖显示在对方刚保存的版本之上：请核对后再次保存。</translation>
    </message>
</context>
<context>
    <name>ProblemModel</name>
    <message>
        <location filename="../../console/views/exchange/import_dialog.py" line="-240" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+14" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+0" />
        <source>warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../console/views/orders/queue_model.py" line="+99" />
        <source>!</source>
        <translation>!</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location line="+0" />
        <source>SLA</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Escalated</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Due</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+307" />
        <source>R-TIME-9: emergency, major complaint or important customer — call and we come</source>
        <translation>R-TIME-9：紧急、重大投诉或重要客户——随叫随到</translation>
    </message>
    <message>
        <location line="+31" />
        <source>First contact (R-FIRST-1): {0}</source>
        <translation>首问负责人（R-FIRST-1）：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>A new escalation (the dispatcher on duty or higher): acknowledge it in the Escalations panel</source>
        <translation>新的升级督办（值班调度员级别或以上）：请在“升级督办”面板中确认</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Not yet acknowledged: see the Escalations panel (Ctrl+Shift+K acknowledges)</source>
        <translation>尚未确认：见“升级督办”面板（Ctrl+Shift+K 确认）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every escalation of this order is acknowledged</source>
        <translation>此工单的升级督办均已确认</translation>
    </message>
    <message>
        <location line="+22" />
        <source>(unassigned)</source>
        <translation>（未派单）</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+12" />
        <source> (provisional)</source>
        <translation> (暂定)</translation>
    </message>
    <message>
        <location line="-8" />
        <source> · visit window missed</source>
        <translation> · 已错过预约上门时段</translation>
    </message>
    <message>
        <location line="+10" />
        <source>waiting for materials</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <location line="+2" />
        <source>paused</source>
        <translation>暂停计时</translation>
    </message>
    <message>
        <location line="+5" />
        <source>reply {0}</source>
        <translation>响应 {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source> provisional</source>
        <translation> 暂定</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Provisional: the due rests on a Monday–Friday guess for a year whose official working-day calendar is not entered — not a breach until it is entered</source>
        <translation>暂定：该时限按周一至周五推算，所在年份的官方工作日日历尚未录入——录入之前不算超时</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../console/views/orders/queue_panel.py" line="+223" />
        <source>Breached</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Due within 1 h</source>
        <translation>1 小时内到期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Running, unassigned</source>
        <translation>计时中未派单</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Materials awaited &gt; 3 days</source>
        <translation>待补材料超 3 天</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Orders past their time limit (R-TIME-1…7)</source>
        <translation>已超过办结时限的工单（R-TIME-1…7）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Orders whose running clock has less than an hour left</source>
        <translation>计时中且剩余不足 1 小时的工单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Orders whose clock runs but nobody is assigned (R-FIRST-1)</source>
        <translation>已开始计时但尚未派单的工单（R-FIRST-1）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Orders received more than 3 days ago still waiting for the customer's materials (R-FIRST-2)</source>
        <translation>受理超过 3 天仍在等待用户补齐材料的工单（R-FIRST-2）</translation>
    </message>
    <message>
        <location line="-114" />
        <source>&amp;Open order</source>
        <translation>打开工单(&amp;O)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Select the escalated order in the queue</source>
        <translation>在队列中选中被升级的工单</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hide this notice; the escalation stays in the Escalations panel</source>
        <translation>隐藏此提示；升级督办仍留在“升级督办”面板中</translation>
    </message>
    <message>
        <location line="+30" />
        <source>⚠ New escalation — {0}</source>
        <translation>⚠ 新的升级督办 — {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>⚠ New escalation — {0} (and {1} more)</source>
        <translation>⚠ 新的升级督办 — {0}（另有 {1} 条）</translation>
    </message>
    <message>
        <location line="+72" />
        <source>Extensions to decide</source>
        <translation>待批延期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Unacknowledged escalations 2+</source>
        <translation>未确认升级（2级+）</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Orders whose extension request waits for a manager's decision (R-TIME-10)</source>
        <translation>延期申请等待经理审批的工单（R-TIME-10）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Orders with an escalation to the dispatcher on duty or higher that nobody has acknowledged yet (R-TIME-11, R-FIRST-4)</source>
        <translation>已升级至值班调度员或更高级别、尚无人确认的工单（R-TIME-11、R-FIRST-4）</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+20" />
        <source>My orders</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <location line="-19" />
        <source>Only the orders assigned to you; click again for the branch's queue</source>
        <translation>只显示派给您的工单；再点一次显示分公司队列</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Branch queue · back to my orders</source>
        <translation>分公司队列 · 返回我的工单</translation>
    </message>
    <message>
        <location line="+13" />
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Search order, customer, phone, district… (Ctrl+F)</source>
        <translation>搜索工单、用户、电话、片区…（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location line="+4" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Needs action (80%+ or breached)</source>
        <translation>需处理（已用 80% 以上或已超时）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>All districts</source>
        <translation>全部片区</translation>
    </message>
    <message>
        <location line="+2" />
        <source>All assignees</source>
        <translation>全部处理人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unassigned</source>
        <translation>未派单</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>S&amp;tate:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;District:</source>
        <translation>片区(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Assignee:</source>
        <translation>处理人(&amp;A)：</translation>
    </message>
    <message>
        <location line="+160" />
        <source>{0} open</source>
        <translation>在办 {0} 张</translation>
    </message>
    <message>
        <location line="-2" />
        <source>Loading: {0} of {1} open orders shown so far…</source>
        <translation>正在加载：已显示 {1} 张在办工单中的 {0} 张…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} of {1} shown</source>
        <translation>显示 {0} / {1} 张</translation>
    </message>
</context>
<context>
    <name>RanksModel</name>
    <message>
        <location filename="../../console/views/shell/dashboard.py" line="+16" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+0" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+1" />
        <source>24-h response</source>
        <translation>24小时响应</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Complaints ‰</source>
        <translation>投诉 ‰</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rank among the branch's districts by score (R-ZONE-3)</source>
        <translation>按得分在本分公司片区中的排名（R-ZONE-3）</translation>
    </message>
</context>
<context>
    <name>RevisitsView</name>
    <message>
        <location filename="../../console/views/revisits/plans.py" line="+126" />
        <source>&amp;New plan…</source>
        <translation>新建计划(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Record &amp;visit…</source>
        <translation>登记走访(&amp;V)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Pause…</source>
        <translation>暂停(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Res&amp;ume</source>
        <translation>恢复(&amp;U)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>E&amp;nd…</source>
        <translation>结束(&amp;N)…</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Plans</source>
        <translation>计划</translation>
    </message>
    <message>
        <location line="+1" />
        <source>8-week calendar</source>
        <translation>8 周日历</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Could not load plans: {0}</source>
        <translation>无法加载计划：{0}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>{0} plans, {1} overdue visits</source>
        <translation>{0} 个计划，{1} 次走访逾期</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Revisit plan</source>
        <translation>走访计划</translation>
    </message>
    <message>
        <location line="+17" />
        <source>the plan of {0}</source>
        <translation>{0}的走访计划</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Pause plan</source>
        <translation>暂停计划</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why pause the plan of {0}?</source>
        <translation>暂停 {0} 走访计划的原因：</translation>
    </message>
    <message>
        <location line="+17" />
        <source>End plan</source>
        <translation>结束计划</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why end the plan of {0}?</source>
        <translation>结束 {0} 走访计划的原因：</translation>
    </message>
    <message numerus="yes">
        <location line="+14" />
        <source>{0} (overdue %n day(s))</source>
        <translation>
            <numerusform>{0}（逾期 %n 天）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} (next)</source>
        <translation>{0}（下一次）</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+6" />
        <source>Record visit</source>
        <translation>登记走访</translation>
    </message>
    <message numerus="yes">
        <location line="-5" />
        <source>{0} has %n overdue visit(s). Which planned visit was made?</source>
        <translation>
            <numerusform>{0} 有 %n 次走访逾期。本次走访对应哪一个计划日期？</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6" />
        <source>What did the visit to {0} find? (the visit planned for {1})</source>
        <translation>走访 {0} 的情况如何？（计划日期 {1} 的走访）</translation>
    </message>
</context>
<context>
    <name>ScorecardModel</name>
    <message>
        <location filename="../../console/views/assessment/districts.py" line="-485" />
        <source>On time: general fault</source>
        <translation>限时办结：一般故障</translation>
    </message>
    <message>
        <location line="+0" />
        <source>On time: major fault</source>
        <translation>限时办结：重大故障</translation>
    </message>
    <message>
        <location line="+1" />
        <source>On time: installation</source>
        <translation>限时办结：新装</translation>
    </message>
    <message>
        <location line="+0" />
        <source>On time: restoration</source>
        <translation>限时办结：复通</translation>
    </message>
    <message>
        <location line="+1" />
        <source>On time: complaint</source>
        <translation>限时办结：投诉</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Branch</source>
        <translation>分公司</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Provisional</source>
        <translation>暂定</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Orders whose due falls in a year whose official working-day calendar is not entered: counted apart, neither on time nor breached</source>
        <translation>时限落在尚未录入官方工作日历年份的工单：单独统计，既不算按时也不算超时</translation>
    </message>
</context>
<context>
    <name>ServantChangesDialog</name>
    <message>
        <location filename="../../console/views/assessment/servants.py" line="+23" />
        <source>Who serves the districts: published changes (R-ZONE-5)</source>
        <translation>片区服务人员：已公布的变更（R-ZONE-5）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Reading the changes…</source>
        <translation>正在读取变更…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>District</source>
        <translation>片区</translation>
    </message>
    <message>
        <location line="+0" />
        <source>From</source>
        <translation>原服务人员</translation>
    </message>
    <message>
        <location line="+0" />
        <source>To</source>
        <translation>新服务人员</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Serves from</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Changed at</source>
        <translation>变更时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Changed by</source>
        <translation>变更人</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Phones (service / supervision)</source>
        <translation>电话（服务 / 监督）</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Change who serves this district…</source>
        <translation>变更本片区服务人员(&amp;C)…</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Could not read the changes: {0}</source>
        <translation>无法读取变更：{0}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>{0} changes, newest first.</source>
        <translation>共 {0} 条变更，最新的在前。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No change of who serves a district has been published yet.</source>
        <translation>尚未公布任何片区服务人员变更。</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <location filename="../../console/views/supervision/training.py" line="+28" />
        <source>New training session (R-TRAIN)</source>
        <translation>新建培训（R-TRAIN）</translation>
    </message>
    <message>
        <location line="+5" />
        <source>e.g. Induction for the new installers</source>
        <translation>如：新入职安装人员岗前培训</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Who gave the training</source>
        <translation>授课人</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Kind:</source>
        <translation>类别(&amp;K)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>T&amp;rainer:</source>
        <translation>讲师(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message>
        <location line="-90" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Trainer</source>
        <translation>培训讲师</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Attendees</source>
        <translation>参训人数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Passed</source>
        <translation>合格人数</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Mean score</source>
        <translation>平均分</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A score of {0} or more passes unless the trainer says otherwise (R-TRAIN)</source>
        <translation>成绩达到 {0} 分及以上即为合格，培训讲师另有判定的除外（R-TRAIN）</translation>
    </message>
    <message numerus="yes">
        <location line="+21" />
        <source>%n attendee(s) did not pass</source>
        <translation>
            <numerusform>%n 名参训人员未通过</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../console/views/shell/sign_in_dialog.py" line="+43" />
        <source>Sign in — branch console</source>
        <translation>登录 — 分公司工作台</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Sign in with your work number and password.
Database: {0}</source>
        <translation>请输入工号和密码登录。
数据库：{0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>e.g. NC0001</source>
        <translation>如 NC0001</translation>
    </message>
    <message>
        <location line="+16" />
        <source>&amp;Work number:</source>
        <translation>工号(&amp;W)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Checking the password…</source>
        <translation>正在验证密码…</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Not signed in: {0}</source>
        <translation>登录失败：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The database could not check the sign-in: {0}</source>
        <translation>数据库无法验证登录：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The sign-in could not be checked: {0}</source>
        <translation>无法验证登录：{0}</translation>
    </message>
</context>
<context>
    <name>StandInDialog</name>
    <message>
        <location filename="../../console/views/admin/stand_in_dialog.py" line="+44" />
        <source>Who stands in for the branch head (R-TIME-8)</source>
        <translation>业务负责人代理人（R-TIME-8）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>A customer who cannot be reached is reported to the branch head (R-TIME-8). While a branch has no active manager, the person named here receives those reports.</source>
        <translation>联系不上用户须报送业务负责人（R-TIME-8）。分公司没有在职经理期间，由此处指定的人员接收这些报告。</translation>
    </message>
    <message>
        <location line="+18" />
        <source>&amp;Branch:</source>
        <translation>分公司(&amp;B)：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Manager:</source>
        <translation>经理：</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Stands in:</source>
        <translation>代理人(&amp;S)：</translation>
    </message>
    <message>
        <location line="+54" />
        <source>Nobody</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0} (no longer active here)</source>
        <translation>{0}（已不在本分公司任职）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>none (no active manager)</source>
        <translation>无（没有在职经理）</translation>
    </message>
    <message>
        <location line="+11" />
        <source>{0} has no active manager and nobody to stand in: a customer's unreachability cannot be reported to a branch head (R-TIME-8), so it is refused until you name who stands in.</source>
        <translation>{0}没有在职经理，也没有代理人：联系不上用户无法报送业务负责人（R-TIME-8），在您指定代理人之前将被拒绝登记。</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0} has no active manager: with nobody to stand in, a customer's unreachability could not be reported (R-TIME-8).</source>
        <translation>{0}没有在职经理：如不指定代理人，联系不上用户将无法报送（R-TIME-8）。</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Saved: nobody stands in for the head of this branch.</source>
        <translation>已保存：本分公司业务负责人没有代理人。</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
</context>
<context>
    <name>SubmitDialog</name>
    <message>
        <location filename="../../console/views/supervision/submit_dialog.py" line="+81" />
        <source>Not saved: {0}. What you typed is kept: press OK again once the database is back.</source>
        <translation>未保存：{0}。已填写的内容仍保留：数据库恢复后请再次点击“确定”。</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <location filename="../../console/views/supervision/training.py" line="-67" />
        <source>Induction and assessment (new staff)</source>
        <translation>岗前培训与考核（新员工）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Etiquette (counter, installation/repair, sales)</source>
        <translation>礼仪培训（柜台、装维、营销）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ethics education</source>
        <translation>职业道德教育</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Employee handbook</source>
        <translation>员工手册</translation>
    </message>
    <message>
        <location line="+3" />
        <source>dispatcher</source>
        <translation>调度员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>maintainer</source>
        <translation>维护员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>inspector</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location line="+1" />
        <source>manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Induction</source>
        <translation>岗前培训</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Etiquette</source>
        <translation>礼仪培训</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ethics</source>
        <translation>职业道德</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Handbook</source>
        <translation>员工手册</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <location line="+251" />
        <source>&amp;New session…</source>
        <translation>新建培训场次(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Record &amp;attendees…</source>
        <translation>登记参训人员(&amp;A)…</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+61" />
        <source>Attendees of the selected session</source>
        <translation>所选培训的参训人员</translation>
    </message>
    <message>
        <location line="-58" />
        <source>Active staff of the branch without a passed induction training (R-TRAIN: induction training and assessment for new staff)</source>
        <translation>本分公司尚未通过岗前培训的在岗员工（R-TRAIN：新员工须参加岗前培训并考核）</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Could not load the training records: {0}</source>
        <translation>无法加载培训记录：{0}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Without a passed induction training (R-TRAIN): {0}</source>
        <translation>未通过岗前培训（R-TRAIN）：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} sessions, {1} attendances, {2} passed</source>
        <translation>{0} 场培训，{1} 人次参训，{2} 人次合格</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Attendees of {0}</source>
        <translation>{0} 的参训人员</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Managers and admins record training (R-TRAIN)</source>
        <translation>仅经理和管理员可登记培训（R-TRAIN）</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Select or add a training session first.</source>
        <translation>请先选择或新建培训场次。</translation>
    </message>
</context>
<context>
    <name>UntrainedModel</name>
    <message>
        <location line="-275" />
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Work number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Hired</source>
        <translation>入职日期</translation>
    </message>
</context>
<context>
    <name>Workspaces</name>
    <message>
        <location filename="../../console/views/shell/workspaces.py" line="+57" />
        <source>Callbacks (R-VISIT)</source>
        <translation>回访（R-VISIT）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Callback coverage</source>
        <translation>回访覆盖率</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Coverage</source>
        <translation>回访覆盖率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Major clients</source>
        <translation>重要客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notices</source>
        <translation>公告与提醒</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Notices &amp; reminders</source>
        <translation>公告与提醒</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Accountability</source>
        <translation>责任追究</translation>
    </message>
    <message>
        <location line="+71" />
        <source>{0} · ⚠ {1}</source>
        <translation>{0} · ⚠ {1}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}: {1} rectification(s) overdue</source>
        <translation>{0}：{1} 项整改逾期</translation>
    </message>
    <message>
        <location line="-74" />
        <source>Assessment (R-ZONE-3)</source>
        <translation>片区考核（R-ZONE-3）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Assessment</source>
        <translation>片区考核</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inspections (R-INSP)</source>
        <translation>督查（R-INSP）</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Inspections</source>
        <translation>督查</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Accountability (R-ACC)</source>
        <translation>责任追究（R-ACC）</translation>
    </message>
</context>
<context>
    <name>YearModel</name>
    <message>
        <location filename="../../console/views/assessment/districts.py" line="+27" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Provisional</source>
        <translation>暂定</translation>
    </message>
</context>
<context>
    <name>YearNoticeDialog</name>
    <message>
        <location filename="../../console/views/admin/calendar_notice_dialog.py" line="+40" />
        <source>Enter the {0} working-day calendar</source>
        <translation>录入 {0} 年工作日历</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Correct the {0} working-day calendar</source>
        <translation>更正 {0} 年工作日历</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Holidays and adjusted working days from the notice; every other day follows Monday–Friday. Saving replaces the whole year.</source>
        <translation>按通知填写节假日和调休上班日；其余日期按周一至周五上班。保存将替换全年数据。</translation>
    </message>
    <message>
        <location line="+43" />
        <source>Type the notice's holidays and adjusted working days.</source>
        <translation>请输入通知中的节假日和调休上班日。</translation>
    </message>
    <message>
        <location line="+10" />
        <source>the text names no holiday — is this the right notice?</source>
        <translation>文本中没有任何节假日——这是正确的通知吗？</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0} holidays and {1} adjusted working days in {2}.</source>
        <translation>{2} 年共有 {0} 个节假日、{1} 个调休上班日。</translation>
    </message>
    <message>
        <location line="-23" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <location filename="../../console/views/kit/ops.py" line="+173" />
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../console/views/admin/audit_dialog.py" line="-106" />
        <source>Save the audit head</source>
        <translation>保存审计链头</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Audit head (*.json);;Ledger of heads (*.jsonl)</source>
        <translation>审计链头 (*.json);;链头台账 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../console/views/admin/calendar_dialog.py" line="+194" />
        <source>a working day</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location line="+0" />
        <source>a day off</source>
        <translation>休息日</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Change {0}</source>
        <translation>修改 {0}</translation>
    </message>
    <message>
        <location line="-5" />
        <source>{0} becomes {1}. Name (e.g. the festival; may be empty):</source>
        <translation>{0} 将改为{1}。名称（如节日名称，可留空）：</translation>
    </message>
    <message>
        <location filename="../../console/views/exchange/export_dialog.py" line="-83" />
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../../console/views/exchange/import_dialog.py" line="+35" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../console/views/exchange/import_dialog.py" line="-7" />
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Excel or CSV (*.xlsx *.xlsm *.csv *.txt);;All files (*)</source>
        <translation>Excel 或 CSV (*.xlsx *.xlsm *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Save the import report</source>
        <translation>保存导入报告</translation>
    </message>
    <message>
        <location filename="../../console/views/notices/sms.py" line="+15" />
        <source>SMS list (*.xlsx)</source>
        <translation>短信名单 (*.xlsx)</translation>
    </message>
</context>
</TS>